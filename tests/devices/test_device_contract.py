"""The checks every polled device passes, run on each simulator through its real driver.

Each device: opens to ONLINE with every status field known or UNKNOWN (never missing); a poll
with nothing presented succeeds with no value and within its timeout; what is presented is
delivered once; rubbish on the link or in front of the lens is never delivered and does not
stop the next presentation; pulled out, it completes DEVICE_NOT_READY and shows a non-ONLINE state; its
supervisor brings it back within 5 s of being plugged in again, logging once down and once up.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from drivers.base import Completion, CompletionCode, DeviceState
from drivers.camera.capture import CameraScanner
from drivers.camera.sim import SimulatedCamera, code_frame
from drivers.idcard.reader import SamReader
from drivers.idcard.record import CardType
from drivers.idcard.sim import Fault, SimulatedReader
from drivers.scanner.serial_scanner import SerialScanner
from drivers.scanner.sim import SimulatedScanner
from drivers.supervisor import Supervisor
from taxcore.backoff import Backoff


@dataclass
class Rig:
    driver: Any
    present: Callable[[], None]  # put a card / code in front of the device
    unplug: Callable[[], None]
    replug: Callable[[], None]
    stop: Callable[[], None]
    garble: Callable[[], None]  # what the link or the lens turns into rubbish


def _damaged_qr_frame(payload: str) -> np.ndarray:
    """A code with a third of it torn off: more than error correction can restore."""
    frame = code_frame(payload, at=(400, 100), background=160)
    frame[100:400, 400:520] = 160
    return frame


def _id_reader(tmp_path: Path) -> Rig:
    sim = SimulatedReader(tmp_path / "ttySAM").start()
    driver = SamReader("id_reader", str(sim.link), command_timeout_s=0.2, read_timeout_s=0.5)
    return Rig(driver, lambda: sim.place(CardType.RESIDENT), sim.unplug, sim.replug, sim.stop,
               lambda: sim.inject(Fault.BAD_CHECKSUM, times=2))


def _serial_scanner(tmp_path: Path) -> Rig:
    sim = SimulatedScanner(tmp_path / "ttyScan").start()
    driver = SerialScanner("scanner", str(sim.link))
    return Rig(driver, lambda: sim.scan("A-0001"), sim.unplug, sim.replug, sim.stop,
               lambda: sim.send_raw(b"\xff\xfeA-0\x00\x07\x1b[2J\r"))


def _camera(tmp_path: Path) -> Rig:
    sim = SimulatedCamera()
    driver = CameraScanner("camera", "sim")
    driver.simulator = sim
    return Rig(driver, lambda: sim.present_code("A-0001"), sim.unplug, sim.replug, lambda: None,
               lambda: sim.present(_damaged_qr_frame("A-0001")))


@pytest.fixture(params=[_id_reader, _serial_scanner, _camera], ids=["id_reader", "serial_scanner", "camera"])
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rig]:
    built = request.param(tmp_path)
    yield built
    built.driver.close()
    built.stop()


def test_opens_online_with_every_status_field(rig: Rig) -> None:
    rig.driver.open()
    snapshot = rig.driver.status.snapshot()
    assert snapshot.state is DeviceState.ONLINE
    assert set(snapshot.as_dict()) >= {"state"} and all(snapshot.as_dict().values())


def test_nothing_presented_is_a_quick_empty_success(rig: Rig) -> None:
    rig.driver.open()
    started = time.monotonic()
    done = rig.driver.poll()
    assert done.code is CompletionCode.SUCCESS and done.value is None
    assert time.monotonic() - started < 1.5


def test_what_is_presented_is_delivered_once(rig: Rig) -> None:
    rig.driver.open()
    rig.present()
    values = [rig.driver.poll().value for _ in range(4)]
    assert len([v for v in values if v is not None]) == 1


def test_rubbish_is_never_delivered_and_the_next_presentation_is(rig: Rig) -> None:
    rig.driver.open()
    rig.garble()
    assert [rig.driver.poll().value for _ in range(2)] == [None, None]
    rig.present()
    values = [rig.driver.poll().value for _ in range(3)]
    assert len([v for v in values if v is not None]) == 1
    assert rig.driver.status.snapshot().state is DeviceState.ONLINE


def test_pulled_out_it_says_so(rig: Rig) -> None:
    rig.driver.open()
    rig.unplug()
    codes = [rig.driver.poll().code for _ in range(2)]
    assert codes == [CompletionCode.DEVICE_NOT_READY] * 2  # at once, not after a timeout
    assert rig.driver.status.snapshot().state is not DeviceState.ONLINE


def test_supervisor_recovers_within_5_s_and_logs_once_each_way(
    rig: Rig, caplog: pytest.LogCaptureFixture, wait_until: Callable[..., None]
) -> None:
    results: list[Completion[Any]] = []
    driver = rig.driver
    supervisor = Supervisor(driver.device, driver.status, driver.open, driver.close, driver.poll,
                            on_result=results.append, interval_s=0.05, backoff=Backoff(initial_s=0.2, max_s=1.0))
    caplog.set_level(logging.INFO, logger="drivers.supervisor")
    supervisor.start()
    try:
        wait_until(lambda: supervisor.connected and any(r.ok for r in results))
        rig.unplug()
        wait_until(lambda: not supervisor.connected, 5.0)
        time.sleep(1.0)  # several reconnect attempts fail meanwhile
        rig.replug()
        back = time.monotonic()
        wait_until(lambda: supervisor.connected, 5.0)
        assert time.monotonic() - back < 5.0
        rig.present()
        wait_until(lambda: any(r.value for r in results), 5.0)
    finally:
        supervisor.stop()
    downs = [r for r in caplog.records if "lost" in r.getMessage()]
    ups = [r for r in caplog.records if "is back" in r.getMessage()]
    assert len(downs) == 1 and len(ups) == 1
