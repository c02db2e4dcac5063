"""The Chinese text path and DLE EOT status decoding, byte by byte."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as s

from drivers.printer import commands
from drivers.printer import status as st
from drivers.printer.chinese import decode_bytes, encode_line
from drivers.printer.layout import PrinterProfile, ReceiptLayout, encode


@given(s.text(max_size=30), s.sampled_from(["GB18030", "GBK", "GB2312"]))
def test_encoded_line_reads_back_or_is_refused(text, charset):
    data = encode_line(text, charset)
    if data is None:
        return
    assert all(b >= 0x20 for b in data)  # data can never smuggle in a printer command

    def same_glyph(t: str) -> str:
        t = "".join(" " if ord(c) < 0x20 or c == "\x7f" else c for c in t)
        return t.replace("\u30fb", "·").replace("\u2015", "—").replace("¥", "￥")

    assert same_glyph(decode_bytes(data, charset)) == same_glyph(text)
    assert b"\x81\x30\x84\x36" not in data  # never the 4-byte ¥


def test_gb18030_four_byte_characters_are_refused():
    assert encode_line("𠀀", "GB18030") is None  # CJK Ext. B needs four bytes
    assert encode_line("〇", "GB2312") is None
    assert encode_line("堃喆昇赟玥", "GBK") is not None
    assert encode_line("堃", "GB2312") is None


def test_text_line_is_framed_in_chinese_mode():
    data = encode(ReceiptLayout().text("完税证明", "center", 2, True), PrinterProfile(charset="GBK"))
    framed = commands.CHINESE_ON + "完税证明".encode("gbk") + commands.CHINESE_OFF
    assert framed in data
    assert commands.align("center") + commands.char_size(2, 2) in data
    assert data.endswith(commands.CUT)


@pytest.mark.parametrize(
    ("replies", "expected"),
    [
        ((0x12, 0x12, 0x12), st.PrinterStatus(st.Online.ONLINE, st.Paper.FULL, st.Cover.CLOSED, False)),
        ((0x1A, 0x32, 0x7E), st.PrinterStatus(st.Online.OFFLINE, st.Paper.OUT, st.Cover.CLOSED, False)),
        ((0x12, 0x12, 0x1E), st.PrinterStatus(st.Online.ONLINE, st.Paper.LOW, st.Cover.CLOSED, False)),
        ((0x1A, 0x16, 0x12), st.PrinterStatus(st.Online.OFFLINE, st.Paper.FULL, st.Cover.OPEN, False)),
        ((None, None, None), st.PrinterStatus()),
        ((0x00, 0xFF, 0x41), st.PrinterStatus()),  # noise is not a status
        ((0x12, None, None), st.PrinterStatus(st.Online.ONLINE)),
    ],
)
def test_status_bytes_decode_and_validate(replies, expected):
    assert st.decode(*replies) == expected


def test_simulator_replies_are_what_the_decoder_reads():
    for paper in (st.Paper.FULL, st.Paper.LOW, st.Paper.OUT):
        for cover_open in (False, True):
            online = paper is not st.Paper.OUT and not cover_open
            decoded = st.decode(*st.encode(online, paper, cover_open))
            assert (decoded.paper, decoded.cover is st.Cover.OPEN) == (paper, cover_open)
