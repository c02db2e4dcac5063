"""Supervisor: several misses before 'lost', backoff reconnect, recovery after replug within 5 s."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from drivers.base import Completion, DeviceState
from drivers.idcard.reader import SamReader
from drivers.idcard.record import CardType
from drivers.idcard.sim import Fault, SimulatedReader
from drivers.supervisor import supervise_id_reader
from taxcore.backoff import Backoff


def test_backoff_grows_and_is_capped() -> None:
    backoff = Backoff(0.5, 2.0, 4.0)
    assert [backoff.delay(n) for n in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]


def test_reads_cards_and_recovers_after_unplug(
    sam_sim: SimulatedReader, caplog: pytest.LogCaptureFixture
, wait_until: Callable[..., None]) -> None:
    caplog.set_level(logging.INFO, logger="drivers.supervisor")
    reader = SamReader("id_reader", str(sam_sim.link), command_timeout_s=0.2, read_timeout_s=0.5)
    records: list[Any] = []
    codes: list[str] = []
    lock = threading.Lock()

    def on_result(done: Completion[Any]) -> None:
        codes.append(f"{done.code.value} {done.message}")
        if done.ok and done.value is not None:
            with lock:
                records.append(done.value)

    supervisor = supervise_id_reader(reader, on_result, misses_to_lose=3, backoff=Backoff(0.1, 2.0, 1.0))
    supervisor.start()
    try:
        sam_sim.place(CardType.RESIDENT)
        wait_until(lambda: len(records) == 1, 3)
        sam_sim.unplug()
        wait_until(lambda: reader.status.snapshot().state is DeviceState.NO_DEVICE, 3)
        time.sleep(1.0)  # several failed reconnects: still only one "lost" line
        sam_sim.replug()
        t0 = time.monotonic()
        sam_sim.place(CardType.FOREIGN_PR_2017)
        wait_until(lambda: len(records) == 2, 5, lambda: f"no read within 5 s of the replug: {codes[-5:]}")
        assert time.monotonic() - t0 < 5
        assert records[1].card_type is CardType.FOREIGN_PR_2017
    finally:
        supervisor.stop()
    lines = [r.getMessage() for r in caplog.records if r.name == "drivers.supervisor"]
    assert sum("lost" in line for line in lines) == 1
    assert sum("is back" in line for line in lines) == 1


def test_one_silent_answer_is_not_a_lost_device(sam_sim: SimulatedReader, wait_until: Callable[..., None]) -> None:
    reader = SamReader("id_reader", str(sam_sim.link), command_timeout_s=0.2, read_timeout_s=0.5)
    results: list[Completion[Any]] = []
    supervisor = supervise_id_reader(reader, results.append, misses_to_lose=3)
    supervisor.start()
    try:
        wait_until(lambda: len(results) >= 1, 2)
        sam_sim.inject(Fault.SILENCE, times=1)
        wait_until(lambda: len(results) >= 4, 4)
        assert supervisor.connected
        assert reader.status.snapshot().state is DeviceState.ONLINE
    finally:
        supervisor.stop()


def test_a_powered_off_reader_is_lost_once_and_back_within_5_s_of_power(
    sam_sim: SimulatedReader, caplog: pytest.LogCaptureFixture
, wait_until: Callable[..., None]) -> None:
    """Power cycle: the USB-serial port stays, the reader goes silent. Reopening the port is not
    enough to call it back (that would flap lost/back every few polls): it must answer again."""
    caplog.set_level(logging.INFO, logger="drivers.supervisor")
    reader = SamReader("id_reader", str(sam_sim.link), command_timeout_s=0.2, read_timeout_s=0.5)
    records: list[Any] = []
    supervisor = supervise_id_reader(reader, lambda done: records.append(done.value) if done.value else None,
                                     misses_to_lose=3, backoff=Backoff(0.1, 2.0, 1.0))
    supervisor.start()
    try:
        wait_until(lambda: reader.status.snapshot().state is DeviceState.ONLINE, 3)
        sam_sim.inject(Fault.SILENCE, times=-1)  # power off
        wait_until(lambda: reader.status.snapshot().state is DeviceState.POWER_OFF, 4)
        time.sleep(2.0)  # several reconnects meet the silent reader
        assert not supervisor.connected
        sam_sim.clear()  # power on
        powered = time.monotonic()
        sam_sim.place(CardType.RESIDENT)
        wait_until(lambda: len(records) == 1, 5)
        assert time.monotonic() - powered < 5
        assert reader.status.snapshot().as_dict() == {"state": "online", "card": "present", "sam": "ok"}
    finally:
        supervisor.stop()
    lines = [r.getMessage() for r in caplog.records if r.name == "drivers.supervisor"]
    assert sum("lost" in line for line in lines) == 1, lines
    assert sum("is back" in line for line in lines) == 1, lines
