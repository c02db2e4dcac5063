"""The receipt printer is supervised like every device: an unplugged printer is logged once when it
goes and once when it comes back, however many polls the outage lasts (it used to log every poll)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from drivers.base import DeviceState
from drivers.printer.device import ReceiptPrinterDevice
from drivers.printer.jobs import JobLedger
from drivers.printer.sim import PtyWire, SimulatedPrinter
from drivers.supervisor import supervise_printer
from taxcore.backoff import Backoff


def _wait(condition, timeout_s: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_an_unplugged_printer_logs_once_down_and_once_up(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    wire = PtyWire(SimulatedPrinter())
    wire.start()
    cable = tmp_path / "ttyPrinter"  # the printer's serial device appears when it is plugged in
    device = ReceiptPrinterDevice("receipt_printer", "escpos", {"port": str(cable), "read_timeout_s": 0.3},
                                  JobLedger())
    attempts = 0
    connect = device.connect

    def counting_connect() -> None:
        nonlocal attempts
        attempts += 1
        connect()

    device.connect = counting_connect  # type: ignore[method-assign]
    states: list[str] = []
    device.status.subscribe(lambda event: states.append(event.changed.get("state", "")))
    supervisor = supervise_printer(device, interval_s=0.05, backoff=Backoff(0.02, 2.0, 0.05))
    caplog.set_level(logging.DEBUG)
    supervisor.start()
    try:
        _wait(lambda: attempts >= 20)  # unplugged through many polls
        assert device.state is DeviceState.NO_DEVICE
        cable.symlink_to(wire.port)
        _wait(lambda: device.state is DeviceState.ONLINE)
        time.sleep(0.5)  # up through several more polls
        seen = [s for s in states if s]
    finally:
        supervisor.stop()
        device.close()
        wire.close()
    lines = [r.getMessage() for r in caplog.records
             if r.levelno >= logging.INFO and "receipt_printer" in r.getMessage()]
    assert sum("lost" in line for line in lines) == 1, lines
    assert sum("is back" in line for line in lines) == 1, lines
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, warnings
    assert seen == ["online"]  # the status strip and diagnostics hear it come back
