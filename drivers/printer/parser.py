"""Reads ESC/POS bytes back into what would come out of the printer.

The simulator feeds every byte the driver sends through this parser, so tests check the real
bytes: text lines (decoded from Chinese mode in the printer's charset), QR payloads, barcodes,
raster images and cuts. Anything it does not understand is reported, not skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from drivers.printer import raster
from drivers.printer.chinese import Charset, decode_bytes
from drivers.printer.commands import CLEAR_BUFFERS


@dataclass(frozen=True)
class PrintedText:
    text: str
    align: str = "left"
    scale: int = 1
    bold: bool = False


@dataclass(frozen=True)
class PrintedQR:
    data: str


@dataclass(frozen=True)
class PrintedBarcode:
    data: str


@dataclass(frozen=True)
class PrintedImage:
    image: Image.Image


@dataclass(frozen=True)
class Cut:
    pass


@dataclass(frozen=True)
class Feed:
    lines: int


@dataclass(frozen=True)
class StatusRequest:
    """DLE EOT n (real time) or GS r n (in order); the simulator answers them."""

    command: bytes


@dataclass(frozen=True)
class ClearBuffers:
    """DLE DC4 fn 8, real time: drop whatever is waiting to print."""


@dataclass(frozen=True)
class Unknown:
    data: bytes


Event = PrintedText | PrintedQR | PrintedBarcode | PrintedImage | Cut | Feed | StatusRequest | ClearBuffers | Unknown

_ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
_SIMPLE = {  # command prefix -> number of parameter bytes that follow
    b"\x1b@": 0,
    b"\x1ba": 1,
    b"\x1bE": 1,
    b"\x1bd": 1,
    b"\x1d!": 1,
    b"\x1c&": 0,
    b"\x1c.": 0,
    b"\x1dh": 1,
    b"\x1dw": 1,
    b"\x1dH": 1,
    b"\x1dr": 1,
    b"\x10\x04": 1,
}


@dataclass
class EscPosParser:
    """Incremental: `feed` returns the events completed by the new bytes, keeps the rest."""

    charset: Charset = "GB18030"
    _buf: bytearray = field(default_factory=bytearray)
    _line: bytearray = field(default_factory=bytearray)
    _chinese: bool = True
    _align: str = "left"
    _scale: int = 1
    _bold: bool = False
    _qr_data: bytes = b""

    def feed(self, data: bytes) -> list[Event]:
        self._buf += data
        events: list[Event] = []
        while self._buf:
            used = self._step(events)
            if used == 0:
                break
            del self._buf[:used]
        return events

    def _flush_line(self, events: list[Event]) -> None:
        if self._line:
            events.append(
                PrintedText(decode_bytes(bytes(self._line), self.charset), self._align, self._scale, self._bold)
            )
            self._line.clear()

    def _step(self, events: list[Event]) -> int:
        b = self._buf
        first = b[0]
        if first == 0x0A:
            if self._line:
                self._flush_line(events)
            else:
                events.append(Feed(1))
            return 1
        if first not in (0x10, 0x1B, 0x1C, 0x1D):
            if self._chinese and first >= 0x81:
                if len(b) < 2:
                    return 0
                self._line += b[:2]
                return 2
            self._line.append(first)
            return 1
        if len(b) < 2:
            return 0
        prefix = bytes(b[:2])
        if prefix in _SIMPLE:
            n = _SIMPLE[prefix]
            if len(b) < 2 + n:
                return 0
            arg = b[2] if n else 0
            self._simple(prefix, arg, events)
            return 2 + n
        if prefix == b"\x10\x14":
            if len(b) < 10:
                return 0
            events.append(ClearBuffers() if bytes(b[:10]) == CLEAR_BUFFERS else Unknown(bytes(b[:3])))
            return 10
        if prefix == b"\x1d(":  # GS ( fn pL pH data: wait for all of it, however the wire split it
            if len(b) < 5 or len(b) < 5 + (size := b[3] | (b[4] << 8)):
                return 0
            if b[2] == ord("k"):
                self._qr(bytes(b[5 : 5 + size]), events)
            else:
                events.append(Unknown(bytes(b[:3])))
            return 5 + size
        if prefix == b"\x1dk":
            if len(b) < 4:
                return 0
            n = b[3]
            if len(b) < 4 + n:
                return 0
            self._flush_line(events)
            events.append(PrintedBarcode(_code128_text(bytes(b[4 : 4 + n]))))
            return 4 + n
        if prefix == b"\x1dv":
            if len(b) < 8:
                return 0
            wb, h = b[4] | (b[5] << 8), b[6] | (b[7] << 8)
            if len(b) < 8 + wb * h:
                return 0
            self._flush_line(events)
            events.append(PrintedImage(raster.from_raster(wb, h, bytes(b[8 : 8 + wb * h]))))
            return 8 + wb * h
        if prefix == b"\x1dV":
            if len(b) < 3:
                return 0
            n = 2 if b[2] in (65, 66) else 1
            if len(b) < 2 + n:
                return 0
            self._flush_line(events)
            events.append(Cut())
            return 2 + n
        self._flush_line(events)
        events.append(Unknown(prefix))
        return 2

    def _simple(self, prefix: bytes, arg: int, events: list[Event]) -> None:
        if prefix == b"\x10\x04" or prefix == b"\x1dr":
            events.append(StatusRequest(prefix + bytes([arg])))
            return
        if prefix in (b"\x1c&", b"\x1c."):
            self._chinese = prefix == b"\x1c&"
            return
        if prefix == b"\x1b@":
            self._flush_line(events)
            self._chinese, self._align, self._scale, self._bold = True, "left", 1, False
        elif prefix == b"\x1ba":
            self._align = _ALIGN.get(arg, "left")
        elif prefix == b"\x1d!":
            self._scale = max((arg >> 4) + 1, (arg & 0x0F) + 1)
        elif prefix == b"\x1bE":
            self._bold = bool(arg & 1)
        elif prefix == b"\x1bd":
            self._flush_line(events)
            events.append(Feed(arg))

    def _qr(self, body: bytes, events: list[Event]) -> None:
        if len(body) < 2 or body[0] != 49:
            events.append(Unknown(b"\x1d(k" + body[:2]))
            return
        fn = body[1]
        if fn == 80:
            self._qr_data = body[3:]
        elif fn == 81:
            self._flush_line(events)
            events.append(PrintedQR(self._qr_data.decode("ascii", errors="replace")))


def _code128_text(body: bytes) -> str:
    out, code_set, i = [], "B", 0
    while i < len(body):
        if body[i] == ord("{") and i + 1 < len(body):
            code_set = chr(body[i + 1])
            i += 2
            continue
        out.append(f"{body[i]:02d}" if code_set == "C" else chr(body[i]))
        i += 1
    return "".join(out)


def printed_lines(events: list[Event]) -> list[str]:
    """Just the text lines, the way a person reading the receipt would list them."""
    return [e.text for e in events if isinstance(e, PrintedText)]
