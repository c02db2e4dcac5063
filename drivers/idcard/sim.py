"""A SAM reader on a pseudo-terminal, so the real serial driver is what the tests exercise.

It answers the host's frames byte for byte as the protocol sheet says, holds at most one card,
and behaves like the readers that answer "find failed" to a card left on the reader after a
read (the card must be lifted and placed again). Faults are injected by name. The port is a
stable symlink (like /dev/ttyUSB0) that `unplug`/`replug` take away and bring back with a new
pseudo-terminal behind it.
"""

from __future__ import annotations

import enum
import logging
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

from drivers.idcard.frames import PREAMBLE, SW3, Command, build_response, xor
from drivers.idcard.reader import SamReader, open_reader
from drivers.idcard.record import CardType
from drivers.idcard.samples import base_message
from drivers.idcard.settings import SimReaderSettings
from drivers.pty_link import PtyDevice, PtyLink

log = logging.getLogger(__name__)

SAM_ID = bytes(range(16))


class Fault(enum.Enum):
    SELECT_FAIL = "select_fail"  # select answers 81
    READ_FAIL = "read_fail"  # read answers 41
    BAD_CHECKSUM = "bad_checksum"  # the next answer's CHK is wrong
    GARBAGE = "garbage"  # stray bytes before the answer and inside its preamble
    SILENCE = "silence"  # no answer at all


class SimulatedReader(PtyDevice):
    def __init__(self, link: Path, pace_baud: int = 0) -> None:
        super().__init__(PtyLink(Path(link), self._received, "sam-sim", pace_baud))
        self._buf = bytearray()
        self.card: CardType | None = None
        self._card_read = False  # the placed card was read; it must be lifted first
        self._faults: dict[Fault, int] = {}  # fault -> answers left to affect (-1: until cleared)
        self._lock = threading.Lock()
        self.commands: list[bytes] = []  # every command received, for the tests
        self.command_times: list[float] = []  # time.monotonic() of each

    # --- the person at the kiosk ---------------------------------------------------------
    def place(self, card: CardType) -> None:
        with self._lock:
            self.card, self._card_read = card, False

    def lift(self) -> None:
        with self._lock:
            self.card, self._card_read = None, False

    def inject(self, fault: Fault, times: int = 1) -> None:
        """Affect the next `times` answers of that kind (-1: until `clear`)."""
        with self._lock:
            self._faults[fault] = times

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    # --- the cable -------------------------------------------------------------------------
    def start(self) -> Self:
        self._buf.clear()  # a half command from before the unplug is gone with the cable
        return super().start()

    # --- the protocol ------------------------------------------------------------------------
    def _received(self, chunk: bytes) -> None:
        self._buf += chunk
        while (frame := _take_command(self._buf)) is not None:
            self.commands.append(frame)
            self.command_times.append(time.monotonic())
            answer = self._answer(frame)
            if answer and not self._cable.send(answer):
                return

    def _answer(self, frame: bytes) -> bytes:
        with self._lock:
            if self._take(Fault.SILENCE):
                return b""
            intact = xor(frame[5:-1]) == frame[-1]
            answer = self._respond(frame[7], frame[8]) if intact else build_response(SW3.HOST_CHECKSUM_ERROR)
            if self._take(Fault.BAD_CHECKSUM):
                answer = answer[:-1] + bytes([answer[-1] ^ 0x5A])
            if self._take(Fault.GARBAGE):
                answer = b"\x00\xff\x13" + answer[:2] + b"\x07" + answer[2:] + b"\xaa"
            return answer

    def _respond(self, cmd: int, para: int) -> bytes:
        try:
            command = Command((cmd, para))
        except ValueError:
            return build_response(SW3.COMMAND_ERROR)
        if command in (Command.SAM_STATUS, Command.RESET_SAM):
            return build_response(SW3.SUCCESS)
        if command is Command.READ_SAM_ID:
            return build_response(SW3.SUCCESS, SAM_ID)
        if command is Command.FIND_CARD:
            if self.card is None or self._card_read:
                return build_response(SW3.FIND_FAILED)
            return build_response(SW3.FIND_SUCCESS, bytes(4))
        if command is Command.SELECT_CARD:
            if self.card is None or self._take(Fault.SELECT_FAIL):
                return build_response(SW3.SELECT_FAILED)
            return build_response(SW3.SUCCESS, bytes(8))
        if command is Command.READ_BASE:
            if self.card is None or self._take(Fault.READ_FAIL):
                self._card_read = True
                return build_response(SW3.READ_FAILED)
            self._card_read = True
            return build_response(SW3.SUCCESS, base_message(self.card))
        return build_response(SW3.NO_CONTENT)

    def _take(self, fault: Fault) -> bool:
        left = self._faults.get(fault, 0)
        if left == 0:
            return False
        if left > 0:
            self._faults[fault] = left - 1
        return True


def _take_command(buf: bytearray) -> bytes | None:
    """Pop the next whole host frame from `buf` (dropping noise before it), or None."""
    start = buf.find(PREAMBLE)
    if start < 0:
        del buf[: max(0, len(buf) - len(PREAMBLE) + 1)]
        return None
    del buf[:start]
    if len(buf) < 7:
        return None
    end = 7 + int.from_bytes(buf[5:7], "big")
    if len(buf) < end:
        return None
    frame = bytes(buf[:end])
    del buf[:end]
    return frame


def build(device: str, settings: SimReaderSettings) -> SamReader:
    """`driver = "sim"`: the real serial driver on a simulated reader (the demo and tests)."""
    link = Path(tempfile.mkdtemp(prefix="kiosk-sam-")) / "ttySAM"
    sim = SimulatedReader(link).start()
    if settings.card:
        sim.place(CardType(settings.card))
    reader = open_reader(device, str(link), 115200, settings)
    reader.simulator = sim
    return reader
