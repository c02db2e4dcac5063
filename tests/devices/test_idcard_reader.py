"""The real pyserial driver against the simulated reader on a pseudo-terminal, fault by fault."""

from __future__ import annotations

import logging
import time

import pytest

from drivers.base import CompletionCode, DeviceState
from drivers.idcard.frames import Command, build_command
from drivers.idcard.reader import SamReader
from drivers.idcard.record import CardType
from drivers.idcard.sim import Fault, SimulatedReader


@pytest.mark.parametrize("card", list(CardType))
def test_reads_each_card_type_with_the_protocol_sequence(
    sam_sim: SimulatedReader, sam_reader: SamReader, card: CardType
) -> None:
    sam_sim.place(card)
    done = sam_reader.poll()
    assert done.ok and done.value is not None and done.value.card_type is card
    assert sam_sim.commands == [build_command(c) for c in  # SAM status when the port was opened
                                (Command.SAM_STATUS, Command.FIND_CARD, Command.SELECT_CARD, Command.READ_BASE)]
    assert sam_reader.status.snapshot().as_dict() == {"state": "online", "card": "present", "sam": "ok"}


def test_no_card_is_a_quiet_none(sam_reader: SamReader) -> None:
    done = sam_reader.poll()
    assert done.ok and done.value is None
    assert sam_reader.status.snapshot().fields["card"] == "absent"


def test_card_is_read_once_until_lifted(sam_sim: SimulatedReader, sam_reader: SamReader) -> None:
    sam_sim.place(CardType.RESIDENT)
    assert sam_reader.poll().value is not None
    assert sam_reader.poll().value is None  # still on the reader: not read again
    sam_sim.lift()
    sam_sim.place(CardType.RESIDENT)
    assert sam_reader.poll().value is not None


@pytest.mark.parametrize("fault", [Fault.SELECT_FAIL, Fault.READ_FAIL])
def test_select_or_read_failure_asks_to_lift_and_recovers(
    sam_sim: SimulatedReader, sam_reader: SamReader, fault: Fault
) -> None:
    sam_sim.place(CardType.RESIDENT)
    sam_sim.inject(fault)
    done = sam_reader.poll()
    assert done.code is CompletionCode.USER_ERROR and done.reason == "unreadable"  # the app asks to lift and re-place
    # the card's fault, not the reader's: the reader stays ONLINE with the card on it
    assert sam_reader.status.snapshot().as_dict() == {"state": "online", "card": "present", "sam": "ok"}
    assert sam_reader.poll().value is None  # no retry on the same placement
    sam_sim.lift()
    assert sam_reader.poll().value is None  # a lift lasts longer than one poll interval
    assert sam_reader.status.snapshot().fields["card"] == "absent"
    sam_sim.place(CardType.RESIDENT)
    assert sam_reader.poll().value is not None


def test_bad_checksum_once_is_asked_again(sam_sim: SimulatedReader, sam_reader: SamReader) -> None:
    sam_sim.commands.clear()  # the status asked when the port was opened
    sam_sim.inject(Fault.BAD_CHECKSUM)
    assert sam_reader.check_sam().ok
    assert sam_sim.commands.count(build_command(Command.SAM_STATUS)) == 2


def test_persistent_bad_checksums_are_a_hardware_error_until_they_stop(
    sam_sim: SimulatedReader, sam_reader: SamReader
) -> None:
    sam_sim.place(CardType.RESIDENT)
    sam_sim.inject(Fault.BAD_CHECKSUM, times=-1)
    done = sam_reader.poll()
    assert done.code is CompletionCode.HARDWARE_ERROR  # find answers are corrupted twice
    assert sam_reader.status.snapshot().state is DeviceState.HARDWARE_ERROR
    sam_sim.clear()
    assert sam_reader.check_sam().ok and sam_reader.status.snapshot().state is DeviceState.ONLINE


def test_garbage_and_stray_bytes_are_skipped(sam_sim: SimulatedReader, sam_reader: SamReader) -> None:
    sam_sim.place(CardType.HMT_PERMIT)
    sam_sim.inject(Fault.GARBAGE, times=-1)
    done = sam_reader.poll()
    assert done.ok and done.value is not None and done.value.pass_number == "H12345678"


def test_silence_times_out_and_status_becomes_unknown(sam_sim: SimulatedReader, sam_reader: SamReader) -> None:
    assert sam_reader.check_sam().ok
    sam_sim.inject(Fault.SILENCE, times=-1)
    t0 = time.monotonic()
    done = sam_reader.poll()
    assert done.code is CompletionCode.TIMEOUT and "does not answer" in done.message
    assert time.monotonic() - t0 < 1.0
    assert sam_reader.status.snapshot().as_dict() == {"state": "unknown", "card": "unknown", "sam": "unknown"}


def test_unplug_is_no_device_and_replug_recovers(sam_sim: SimulatedReader, sam_reader: SamReader) -> None:
    assert sam_reader.check_sam().ok
    sam_sim.unplug()
    done = sam_reader.poll()
    assert done.code in (CompletionCode.DEVICE_NOT_READY, CompletionCode.TIMEOUT)
    sam_reader.close()
    with pytest.raises(Exception, match="ttyIDCARD"):
        sam_reader.open()
    assert sam_reader.status.snapshot().state is DeviceState.NO_DEVICE
    sam_sim.replug()
    sam_reader.open()
    sam_sim.place(CardType.RESIDENT)
    assert sam_reader.poll().value is not None


def test_finds_are_never_closer_than_300_ms(sam_sim: SimulatedReader, sam_reader: SamReader) -> None:
    for _ in range(3):
        assert sam_reader.poll().ok
    finds = [t for c, t in zip(sam_sim.commands, sam_sim.command_times, strict=True)
             if c == build_command(Command.FIND_CARD)]
    assert len(finds) == 3
    # Timed where the reader receives them: a late wake-up of the simulator's thread can shorten
    # one gap by a few tens of ms on a busy machine; an unpaced driver sends them ms apart.
    assert min(b - a for a, b in zip(finds, finds[1:], strict=False)) >= 0.25


def test_nothing_personal_is_logged(
    sam_sim: SimulatedReader, sam_reader: SamReader, caplog: pytest.LogCaptureFixture
) -> None:
    from taxcore.sample_people import RESIDENT

    caplog.set_level(logging.DEBUG)
    sam_sim.place(CardType.RESIDENT)
    assert sam_reader.poll().ok
    sam_sim.lift()
    sam_reader.poll()
    sam_sim.inject(Fault.READ_FAIL)
    sam_sim.place(CardType.RESIDENT)
    assert not sam_reader.poll().ok
    assert "id card read (resident)" in caplog.text
    for secret in (RESIDENT["id_number"], RESIDENT["name"], RESIDENT["address"], RESIDENT["birth"]):
        assert secret not in caplog.text
