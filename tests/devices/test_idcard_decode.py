"""`kiosk diag decode-id` and the decoder under random and mutated frames."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.idcard.capture import decode_frame
from drivers.idcard.frames import DecodeError, build_response
from drivers.idcard.record import CardType, IdRecord
from drivers.idcard.samples import base_message
from kiosk.cli import main
from taxcore.sample_people import RESIDENT

GOOD = build_response(0x90, base_message(CardType.RESIDENT))


def _decodes_or_refuses(raw: bytes) -> None:
    """A record or a DecodeError; any other exception fails the test."""
    try:
        record = decode_frame(raw)
    except DecodeError as exc:
        assert str(exc)  # every refusal says why
        return
    assert isinstance(record, IdRecord) and len(record.id_number) in (15, 18)


def _hex_file(tmp_path: Path, raw: bytes) -> Path:
    text = raw.hex(" ").upper()
    lines = "\n".join(text[i : i + 48] for i in range(0, len(text), 48))  # as a serial monitor wraps it
    path = tmp_path / "capture.txt"
    path.write_text(lines + "\n")
    return path


def test_decode_id_prints_the_record_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert len(GOOD) == 1295
    assert main(["diag", "decode-id", str(_hex_file(tmp_path, GOOD))]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["id_number"] == RESIDENT["id_number"]
    assert (record["name"], record["gender"], record["nation"], record["valid_to"]) == ("张三", "male", "汉", "长期")
    assert record["birth"] == "1990-03-07" and record["photo_wlt"].startswith("574c66")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (GOOD[:-1] + bytes([GOOD[-1] ^ 1]), "checksum mismatch"),
        (GOOD[:600], "cut short"),
        (build_response(0x41), "read failed \\(SW3 41\\), not a card record"),
        (b"\x01\x02\x03", "preamble AA AA AA 96 69 is not in the data"),
    ],
)
def test_decode_id_names_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: bytes, message: str
) -> None:
    assert main(["diag", "decode-id", str(_hex_file(tmp_path, raw))]) == 1
    assert re.search(message, capsys.readouterr().err)


def test_decode_id_rejects_non_hex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "capture.txt"
    path.write_text("AA AA AA 96 69 00 0G")
    assert main(["diag", "decode-id", str(path)]) == 1
    assert "not hex: 'G'" in capsys.readouterr().err
    assert main(["diag", "decode-id", str(tmp_path / "missing.txt")]) == 2


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=1400))
def test_random_bytes_raise_only_decode_errors(raw: bytes) -> None:
    _decodes_or_refuses(raw)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=8),
    st.integers(0, len(GOOD)),
    st.binary(max_size=12),
)
def test_mutated_frames_raise_only_decode_errors(edits: list[tuple[int, int]], cut: int, prefix: bytes) -> None:
    frame = bytearray(GOOD)
    for pos, value in edits:
        frame[pos] = value
    _decodes_or_refuses(prefix + bytes(frame[:cut]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255)), min_size=1, max_size=6))
def test_mutated_text_with_valid_checksum_raises_only_decode_errors(edits: list[tuple[int, int]]) -> None:
    """Edits inside the text block, with the checksum recomputed, reach the record parser."""
    data = bytearray(base_message(CardType.RESIDENT))
    for pos, value in edits:
        data[4 + pos] = value
    _decodes_or_refuses(build_response(0x90, bytes(data)))
