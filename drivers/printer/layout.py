"""A receipt as printer-neutral blocks, and its encoding to ESC/POS bytes for one printer profile.

Documents build a `ReceiptLayout`; the profile decides how it reaches paper: Chinese text in
the printer's charset with raster lines only where the charset falls short (text mode), or
every line drawn with the bundled font (raster mode, for printers without a Chinese font).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from PIL import Image

from drivers.printer import commands, raster
from drivers.printer.chinese import Charset, encode_line

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class TextLine:
    text: str
    align: Align = "left"
    scale: int = 1  # width and height multiplier
    bold: bool = False


@dataclass(frozen=True)
class QRBlock:
    data: str
    module_dots: int = 6


@dataclass(frozen=True)
class BarcodeBlock:
    data: str


@dataclass(frozen=True)
class FeedBlock:
    lines: int = 1


Block = TextLine | QRBlock | BarcodeBlock | FeedBlock


@dataclass
class ReceiptLayout:
    blocks: list[Block] = field(default_factory=list)

    def text(self, text: str, align: Align = "left", scale: int = 1, bold: bool = False) -> ReceiptLayout:
        self.blocks.append(TextLine(text, align, scale, bold))
        return self

    def qr(self, data: str) -> ReceiptLayout:
        self.blocks.append(QRBlock(data))
        return self

    def barcode(self, data: str) -> ReceiptLayout:
        self.blocks.append(BarcodeBlock(data))
        return self

    def feed(self, lines: int = 1) -> ReceiptLayout:
        self.blocks.append(FeedBlock(lines))
        return self


@dataclass(frozen=True)
class PrinterProfile:
    """What a given printer model can do; set from the device's config."""

    charset: Charset = "GB18030"
    width_dots: int = 576  # 80 mm paper at 203 dpi; 384 for 58 mm
    columns: int = 48  # half-width characters per line at normal size
    native_qr: bool = True
    raster_only: bool = False  # for printers without a Chinese font


def encode(layout: ReceiptLayout, profile: PrinterProfile) -> bytes:
    """The whole job: init, blocks, feed and cut."""
    out = bytearray(commands.INIT)
    for block in layout.blocks:
        out += _encode_block(block, profile)
    out += commands.feed(4) + commands.CUT
    return bytes(out)


def _encode_block(block: Block, profile: PrinterProfile) -> bytes:
    if isinstance(block, TextLine):
        return _encode_text(block, profile)
    if isinstance(block, QRBlock):
        if profile.native_qr and not profile.raster_only and block.data.isascii():
            return commands.align("center") + commands.qr_native(block.data, block.module_dots) + commands.LF
        img = raster.centered(raster.qr_image(block.data, block.module_dots), profile.width_dots)
        return commands.align("left") + raster.to_raster(img)
    if isinstance(block, BarcodeBlock):
        return commands.align("center") + commands.code128(block.data) + commands.LF
    return commands.feed(block.lines)


def _encode_text(line: TextLine, profile: PrinterProfile) -> bytes:
    encoded = None if profile.raster_only else encode_line(line.text, profile.charset)
    if encoded is None:
        img: Image.Image = raster.text_image(line.text, profile.width_dots, line.align, line.scale, line.bold)
        return commands.align("left") + raster.to_raster(img)
    return (
        commands.align(line.align)
        + commands.char_size(line.scale, line.scale)
        + commands.bold(line.bold)
        + commands.CHINESE_ON
        + encoded
        + commands.CHINESE_OFF
        + commands.LF
        + commands.bold(False)
        + commands.char_size(1, 1)
    )
