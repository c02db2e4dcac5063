"""SAM frames: the byte-exact commands of the protocol sheet, checksum, resynchronisation."""

from __future__ import annotations

import pytest

from drivers.idcard.frames import (
    SW3,
    Command,
    FrameError,
    FrameReader,
    build_command,
    build_response,
    describe_sw3,
    parse_response,
)

SHEET = {
    Command.RESET_SAM: "AA AA AA 96 69 00 03 10 FF EC",
    Command.SAM_STATUS: "AA AA AA 96 69 00 03 11 FF ED",
    Command.READ_SAM_ID: "AA AA AA 96 69 00 03 12 FF EE",
    Command.FIND_CARD: "AA AA AA 96 69 00 03 20 01 22",
    Command.SELECT_CARD: "AA AA AA 96 69 00 03 20 02 21",
    Command.READ_BASE: "AA AA AA 96 69 00 03 30 01 32",
    Command.READ_ADDRESS: "AA AA AA 96 69 00 03 30 03 30",
    Command.READ_BASE_FINGERPRINT: "AA AA AA 96 69 00 03 30 10 23",
}


@pytest.mark.parametrize(("command", "frame"), SHEET.items())
def test_commands_match_the_protocol_sheet(command: Command, frame: str) -> None:
    assert build_command(command) == bytes.fromhex(frame)


@pytest.mark.parametrize(
    ("frame", "sw3", "data_len"),
    [
        ("AA AA AA 96 69 00 04 00 00 90 94", 0x90, 0),
        ("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97", 0x9F, 4),
        ("AA AA AA 96 69 00 04 00 00 80 84", 0x80, 0),
        ("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C", 0x90, 8),
        ("AA AA AA 96 69 00 04 00 00 81 85", 0x81, 0),
        ("AA AA AA 96 69 00 04 00 00 41 45", 0x41, 0),
    ],
)
def test_sheet_responses_parse(frame: str, sw3: int, data_len: int) -> None:
    raw = bytes.fromhex(frame)
    response = parse_response(raw + b"\x00\x00")  # bytes after Len + 7 are ignored
    assert (response.sw3, len(response.data)) == (sw3, data_len)
    assert build_response(sw3, response.data) == raw


def test_bad_checksum_is_named() -> None:
    with pytest.raises(FrameError, match="checksum mismatch: frame says 95, bytes give 94"):
        parse_response(bytes.fromhex("AAAAAA9669 0004 000090 95"))


def test_short_and_wrong_preamble_are_named() -> None:
    with pytest.raises(FrameError, match="cut short"):
        parse_response(bytes.fromhex("AAAAAA9669 0008 00009F 0000"))
    with pytest.raises(FrameError, match="preamble"):
        parse_response(bytes.fromhex("AAAA009669 0004 000090 94"))


def test_reader_skips_stray_bytes_and_resyncs_after_a_bad_frame() -> None:
    ok = build_response(SW3.SUCCESS)
    bad = bytearray(build_response(SW3.FIND_SUCCESS, bytes(4)))
    bad[-1] ^= 0xFF
    reader = FrameReader()
    # stray bytes, a preamble broken by a stray byte, a bad frame, then a good one split in two
    stream = b"\x00\x13AA" + b"\xaa\xaa\x55\xaa\x96\x69" + bytes(bad) + ok[:6]
    reader.feed(stream)
    with pytest.raises(FrameError, match="checksum"):
        reader.next_frame()
    assert reader.next_frame() is None  # waiting for the rest of the good frame
    reader.feed(ok[6:])
    response = reader.next_frame()
    assert response is not None and response.sw3 == SW3.SUCCESS
    assert reader.skipped > 0


def test_sw3_descriptions() -> None:
    assert describe_sw3(0x80) == "no card found (SW3 80)"
    assert describe_sw3(0x77) == "undocumented status (SW3 77)"
