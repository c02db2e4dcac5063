"""SAM frames: build commands, parse responses, find frames in a noisy byte stream.

Host → reader: AA AA AA 96 69 · Len(2, big-endian) · CMD · PARA · data · CHK.
Reader → host: AA AA AA 96 69 · Len · SW1 · SW2 · SW3 · data · CHK.
Len counts every byte after itself, CHK included; CHK is the XOR of Len through the last data
byte. Success is decided on SW3 alone. Readers have been seen to put stray bytes before or
inside the preamble, so the stream is searched for it rather than trusted to start with it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import reduce

PREAMBLE = bytes.fromhex("AAAAAA9669")
SYNC = PREAMBLE[-2:]
HEADER_LEN = len(PREAMBLE) + 2  # preamble + Len
MAX_LEN = 0x0A00  # the largest response (base + fingerprint) has Len 0x090A


class DecodeError(ValueError):
    """Captured bytes that cannot be decoded into a card record; the one error the decoders raise."""


class FrameError(DecodeError):
    """Bytes that are not a valid SAM frame; the message says what is wrong with them."""


class Command(enum.Enum):
    RESET_SAM = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    READ_SAM_ID = (0x12, 0xFF)
    FIND_CARD = (0x20, 0x01)
    SELECT_CARD = (0x20, 0x02)
    READ_BASE = (0x30, 0x01)
    READ_ADDRESS = (0x30, 0x03)
    READ_BASE_FINGERPRINT = (0x30, 0x10)


class SW3(enum.IntEnum):
    SUCCESS = 0x90
    FIND_SUCCESS = 0x9F
    HOST_CHECKSUM_ERROR = 0x10
    LENGTH_ERROR = 0x11
    COMMAND_ERROR = 0x21
    UNAUTHORISED = 0x23
    UNRECOGNISED_ERROR = 0x24
    CARD_AUTH_SAM_FAILED = 0x31
    SAM_AUTH_CARD_FAILED = 0x32
    VERIFICATION_ERROR = 0x33
    UNKNOWN_CARD_TYPE = 0x40
    READ_FAILED = 0x41
    RANDOM_NUMBER_FAILED = 0x47
    SAM_SELF_TEST_FAILED = 0x60
    SAM_NOT_AUTHORISED = 0x66
    FIND_FAILED = 0x80
    SELECT_FAILED = 0x81
    NO_CONTENT = 0x91


SW3_MEANING = {
    SW3.SUCCESS: "success",
    SW3.FIND_SUCCESS: "card found",
    SW3.HOST_CHECKSUM_ERROR: "the reader saw a checksum error in our frame",
    SW3.LENGTH_ERROR: "the reader saw a length error in our frame",
    SW3.COMMAND_ERROR: "command error",
    SW3.UNAUTHORISED: "unauthorised",
    SW3.UNRECOGNISED_ERROR: "unrecognised error",
    SW3.CARD_AUTH_SAM_FAILED: "the card could not authenticate the SAM",
    SW3.SAM_AUTH_CARD_FAILED: "the SAM could not authenticate the card",
    SW3.VERIFICATION_ERROR: "verification error",
    SW3.UNKNOWN_CARD_TYPE: "unknown card type",
    SW3.READ_FAILED: "read failed",
    SW3.RANDOM_NUMBER_FAILED: "random number failed",
    SW3.SAM_SELF_TEST_FAILED: "SAM self-test failed",
    SW3.SAM_NOT_AUTHORISED: "SAM not authorised",
    SW3.FIND_FAILED: "no card found",
    SW3.SELECT_FAILED: "select failed",
    SW3.NO_CONTENT: "no content for this item",
}


def describe_sw3(code: int) -> str:
    try:
        return f"{SW3_MEANING[SW3(code)]} (SW3 {code:02X})"
    except ValueError:
        return f"undocumented status (SW3 {code:02X})"


def xor(data: bytes) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def _frame(body: bytes) -> bytes:
    """Preamble, Len and CHK around `body` (the bytes between Len and CHK)."""
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([xor(length + body)])


def build_command(command: Command, data: bytes = b"") -> bytes:
    cmd, para = command.value
    return _frame(bytes([cmd, para]) + data)


def build_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """A reader's answer (used by the simulator and tests)."""
    return _frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Response:
    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @property
    def ok(self) -> bool:
        return self.sw3 in (SW3.SUCCESS, SW3.FIND_SUCCESS)

    def describe(self) -> str:
        return describe_sw3(self.sw3)


def parse_response(frame: bytes) -> Response:
    """One whole response frame (bytes after Len + 7 are ignored, as readers may pad)."""
    if len(frame) < HEADER_LEN:
        raise FrameError(f"frame too short: {len(frame)} bytes, a header alone is {HEADER_LEN}")
    if not frame.startswith(PREAMBLE):
        raise FrameError(f"frame does not start with the preamble AA AA AA 96 69: {frame[:5].hex(' ').upper()}")
    length = int.from_bytes(frame[5:7], "big")
    if length < 4:
        raise FrameError(f"length {length} is too small for a response (SW1 SW2 SW3 CHK need 4)")
    if length > MAX_LEN:
        raise FrameError(f"length {length} is larger than any SAM response ({MAX_LEN})")
    end = HEADER_LEN + length
    if len(frame) < end:
        raise FrameError(f"frame cut short: length says {end} bytes, got {len(frame)}")
    body, chk = frame[5 : end - 1], frame[end - 1]
    if xor(body) != chk:
        raise FrameError(f"checksum mismatch: frame says {chk:02X}, bytes give {xor(body):02X}")
    sw1, sw2, sw3 = frame[7], frame[8], frame[9]
    return Response(sw1, sw2, sw3, bytes(frame[10 : end - 1]))


class FrameReader:
    """Finds response frames in a byte stream: skips stray bytes, resynchronises after a bad frame.

    Frames are anchored on the last two preamble bytes (96 69): stray bytes have been seen
    among the AA bytes, so those are not required to be intact.
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self.skipped = 0  # stray bytes dropped so far (for the log)

    def feed(self, data: bytes) -> None:
        self._buf += data

    def clear(self) -> None:
        self._buf.clear()

    def needed(self) -> int:
        """Bytes still missing for the frame at the head of the buffer (at least 1)."""
        sync = self._buf.find(SYNC)
        if sync < 0 or len(self._buf) < sync + 4:
            return 4 if sync < 0 else max(1, sync + 4 - len(self._buf))
        length = int.from_bytes(self._buf[sync + 2 : sync + 4], "big")
        return max(1, sync + 4 + length - len(self._buf))

    def next_frame(self) -> Response | None:
        """The next valid response, or None until more bytes arrive. Raises FrameError for a bad
        frame after dropping its sync bytes, so the next call resynchronises on what follows."""
        while True:
            sync = self._buf.find(SYNC)
            if sync < 0:
                self._drop(max(0, len(self._buf) - 1))  # keep a trailing 96 that may start a sync
                return None
            self._drop(sync)
            if len(self._buf) < 4:
                return None
            length = int.from_bytes(self._buf[2:4], "big")
            if length < 4 or length > MAX_LEN:
                self._drop(1)  # not a real frame start; look for the next sync
                continue
            if len(self._buf) < 4 + length:
                return None
            frame = PREAMBLE + bytes(self._buf[2 : 4 + length])
            try:
                response = parse_response(frame)
            except FrameError:
                self._drop(1)
                raise
            del self._buf[: 4 + length]
            return response

    def _drop(self, n: int) -> None:
        if n > 0:
            # AA bytes before a sync are the preamble, not noise
            self.skipped += sum(1 for b in self._buf[:n] if b != 0xAA)
            del self._buf[:n]
