"""A captured reader answer (hex text, as a technician copies it from a serial monitor) to a record."""

from __future__ import annotations

import string

from drivers.idcard.frames import SYNC, DecodeError, FrameError, FrameReader, describe_sw3
from drivers.idcard.record import IdRecord, parse_base_message


def hex_to_bytes(text: str) -> bytes:
    digits = "".join(text.split())
    bad = next((c for c in digits if c not in string.hexdigits), None)
    if bad is not None:
        raise DecodeError(f"not hex: {bad!r} at position {digits.index(bad)} (only 0-9, A-F, spaces, newlines)")
    if len(digits) % 2:
        raise DecodeError(f"odd number of hex digits ({len(digits)}): a byte is cut in half")
    return bytes.fromhex(digits)


def decode_frame(raw: bytes) -> IdRecord:
    """The record in a 'read base message' answer frame; stray bytes around it are skipped.
    Raises only DecodeError (FrameError or RecordError) for anything wrong."""
    if SYNC not in raw:
        raise FrameError("no frame: the preamble AA AA AA 96 69 is not in the data")
    reader = FrameReader()
    reader.feed(raw)
    response = reader.next_frame()
    if response is None:
        length = raw[raw.find(SYNC) + 2 : raw.find(SYNC) + 4]
        need = int.from_bytes(length, "big") + 7 if len(length) == 2 else 7
        raise FrameError(f"frame cut short or its length is impossible: a frame of {need} bytes was expected")
    if response.sw3 != 0x90:
        raise FrameError(f"the reader answered {describe_sw3(response.sw3)}, not a card record")
    return parse_base_message(response.data)


def decode_hex(text: str) -> IdRecord:
    return decode_frame(hex_to_bytes(text))
