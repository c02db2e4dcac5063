"""The serial line scanner driver against the simulated scanner on a pseudo-terminal."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from drivers.base import Completion, DeviceState
from drivers.registry import DriverConfigError, load_builtin_drivers
from drivers.scanner.serial_scanner import SerialScanner
from drivers.scanner.sim import SimulatedScanner
from drivers.supervisor import supervise_scanner
from kiosk.config import DeviceConfig
from taxcore.backoff import Backoff

PAYLOAD = "https://etax.example.gov.cn/check?c=0123456789&v=税"


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[SimulatedScanner]:
    scanner_sim = SimulatedScanner(tmp_path / "ttyScan").start()
    yield scanner_sim
    scanner_sim.stop()


@pytest.fixture
def scanner(sim: SimulatedScanner) -> Iterator[SerialScanner]:
    driver = SerialScanner("scanner", str(sim.link), dedupe_window_s=0.3)
    driver.open()
    yield driver
    driver.close()


def test_a_scan_arrives_as_text(sim: SimulatedScanner, scanner: SerialScanner) -> None:
    sim.scan(PAYLOAD)
    done = scanner.poll()
    assert done.ok and done.value == PAYLOAD
    assert scanner.status.state is DeviceState.ONLINE


def test_silence_is_not_a_fault(scanner: SerialScanner) -> None:
    done = scanner.poll(timeout_s=0.1)
    assert done.ok and done.value is None
    assert scanner.status.state is DeviceState.ONLINE


def test_noise_is_dropped_and_the_next_scan_still_arrives(sim: SimulatedScanner, scanner: SerialScanner) -> None:
    sim.send_raw(b"\xff\xfe\x80\x81\r")  # not text
    sim.send_raw(b"ABC\x07DEF\r")  # control characters
    sim.send_raw(b"\r\r\n")  # empty lines
    sim.scan("12345")
    values = [scanner.poll(timeout_s=0.2).value for _ in range(3)]
    assert [v for v in values if v is not None] == ["12345"]


def test_an_endless_line_is_dropped(sim: SimulatedScanner, scanner: SerialScanner) -> None:
    sim.send_raw(b"9" * 5000)
    assert scanner.poll(timeout_s=0.3).value is None
    sim.scan("lost")  # its terminator ends the overlong line: the bytes before it are one broken line
    sim.scan("ok")
    values = [scanner.poll(timeout_s=0.3).value for _ in range(3)]
    assert [v for v in values if v is not None] == ["ok"]


def test_one_code_held_up_is_one_scan(sim: SimulatedScanner, scanner: SerialScanner) -> None:
    for _ in range(4):
        sim.scan(PAYLOAD)
    sim.scan("other")
    values = [scanner.poll(timeout_s=0.2).value for _ in range(4)]
    assert [v for v in values if v is not None] == [PAYLOAD, "other"]
    time.sleep(0.4)  # out of sight for longer than the window: presented again
    sim.scan(PAYLOAD)
    assert scanner.poll().value == PAYLOAD


def test_line_feed_terminator(tmp_path: Path) -> None:
    sim = SimulatedScanner(tmp_path / "ttyLF", terminator="lf").start()
    driver = SerialScanner("scanner", str(sim.link), terminator="lf")
    driver.open()
    try:
        sim.scan("A1")
        assert driver.poll().value == "A1"
    finally:
        driver.close()
        sim.stop()


def test_unplug_and_replug_recover_within_5_s(sim: SimulatedScanner, wait_until: Callable[..., None]) -> None:
    driver = SerialScanner("scanner", str(sim.link))
    got: list[Completion[Any]] = []
    supervisor = supervise_scanner(driver, got.append, backoff=Backoff(initial_s=0.2, max_s=1.0))
    supervisor.start()
    try:
        wait_until(lambda: driver.status.state is DeviceState.ONLINE)
        sim.unplug()
        wait_until(lambda: driver.status.state is DeviceState.NO_DEVICE)
        sim.replug()
        replugged = time.monotonic()
        wait_until(lambda: driver.status.state is DeviceState.ONLINE, 5.0)
        assert time.monotonic() - replugged < 5.0
        sim.scan("after replug")
        wait_until(lambda: any(c.value == "after replug" for c in got))
    finally:
        supervisor.stop()


def test_registry_builds_the_simulator_and_refuses_a_bad_terminator() -> None:
    registry = load_builtin_drivers()

    scanner = registry.build("scanner", DeviceConfig(driver="sim"))
    try:
        assert isinstance(scanner, SerialScanner) and scanner.simulator is not None
    finally:
        scanner.simulator.stop()
    with pytest.raises(DriverConfigError, match="terminator"):
        registry.build("scanner", DeviceConfig(driver="sim", settings={"terminator": "semicolon"}))
