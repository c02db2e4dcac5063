"""Checks every ID reader must pass: the simulator always, a real reader when one is attached.

Real reader: `KIOSK_ID_READER_PORT=/dev/ttyUSB0 pytest -m hardware tests/devices/test_idcard_contract.py`,
with no card on it; the test with a card asks for `KIOSK_ID_READER_CARD=1` and a card placed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.base import CompletionCode, DeviceState
from drivers.idcard.reader import SamReader
from drivers.idcard.record import CardType
from drivers.idcard.sim import SimulatedReader

HARDWARE_PORT = os.environ.get("KIOSK_ID_READER_PORT", "")


@pytest.fixture(params=["sim", pytest.param("hardware", marks=pytest.mark.hardware)])
def reader_and_card(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[SamReader, Callable[[], None]]]:
    """(reader, place_card) where place_card() puts a card on the reader, or skips."""
    if request.param == "hardware":
        if not HARDWARE_PORT:
            pytest.skip("set KIOSK_ID_READER_PORT to run against a real reader")
        reader = SamReader("id_reader", HARDWARE_PORT)

        def place_card() -> None:
            if not os.environ.get("KIOSK_ID_READER_CARD"):
                pytest.skip("set KIOSK_ID_READER_CARD=1 and place a card")

        reader.open()
        yield reader, place_card
        reader.close()
        return
    sim = SimulatedReader(tmp_path / "ttySAM").start()
    reader = SamReader("id_reader", str(sim.link))
    reader.open()
    yield reader, lambda: sim.place(CardType.RESIDENT)
    reader.close()
    sim.stop()


def test_sam_answers(reader_and_card: tuple[SamReader, Callable[[], None]]) -> None:
    reader, _ = reader_and_card
    done = reader.check_sam()
    assert done.ok, done.message
    assert reader.status.snapshot().as_dict()["sam"] == "ok"
    assert reader.status.snapshot().state is DeviceState.ONLINE


def test_no_card_is_quick_and_quiet(reader_and_card: tuple[SamReader, Callable[[], None]]) -> None:
    reader, _ = reader_and_card
    t0 = time.monotonic()
    done = reader.poll()
    assert done.ok and done.value is None
    assert time.monotonic() - t0 < reader.command_timeout_s + 0.1
    assert reader.status.snapshot().fields["card"] == "absent"


def test_a_card_is_read_once_and_valid(reader_and_card: tuple[SamReader, Callable[[], None]]) -> None:
    reader, place_card = reader_and_card
    place_card()
    done = reader.poll()
    assert done.ok and done.value is not None, done.message
    assert len(done.value.id_number) in (15, 18) and len(done.value.photo_wlt) == 1024
    again = reader.poll()
    assert again.code is CompletionCode.SUCCESS and again.value is None  # not read twice
