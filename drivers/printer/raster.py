"""Drawing to printer dots with the bundled font, and packing images as GS v 0 rasters."""

from __future__ import annotations

import functools

import qrcode
from PIL import Image, ImageDraw, ImageFont, ImageOps

from drivers.printer import commands
from taxcore.assets import asset

FONT_PATH = asset("fonts", "wqy-microhei.ttc")
BASE_DOTS = 24  # height of one normal-size character line on a 203 dpi printer


@functools.lru_cache(maxsize=16)
def font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), px, index=0)


def text_image(text: str, width: int, align: str = "left", scale: int = 1, bold: bool = False) -> Image.Image:
    """One receipt line drawn black on white, `width` dots wide, mode "1".

    Characters sit in the printer's own cells (12 dots for ASCII, 24 for the rest, times the
    scale), so a raster line lines up column for column with the text lines around it.
    """
    cell_h = BASE_DOTS * scale
    glyphs = [_glyph(ch, scale, bold) for ch in text]
    line_w = sum(g.width for g in glyphs)
    x = {"left": 0, "center": (width - line_w) // 2, "right": width - line_w}[align]
    img = Image.new("1", (width, cell_h + 6 * scale), 1)
    for g in glyphs:
        if x + g.width > width:
            break
        img.paste(g, (max(x, 0), 3 * scale))
        x += g.width
    return img


@functools.lru_cache(maxsize=4096)
def _glyph(ch: str, scale: int, bold: bool) -> Image.Image:
    cell_w = (BASE_DOTS // 2 if ord(ch) < 0x80 else BASE_DOTS) * scale
    cell_h = BASE_DOTS * scale
    f = font(cell_h - 2 * scale)
    left, _, right, _ = f.getbbox(ch)
    extra = scale if bold else 0  # bold as printers do it: the same dots struck again one dot right
    ink = Image.new("L", (max(int(right - left) + extra, 1), cell_h), 255)
    ascent, descent = f.getmetrics()
    for dx in range(extra + 1):
        ImageDraw.Draw(ink).text((dx - left, (cell_h - ascent - descent) // 2), ch, font=f, fill=0)
    if ink.width > cell_w - scale:  # wide Latin letters are narrowed to their cell, as printer fonts are
        ink = ink.resize((cell_w - scale, cell_h), Image.Resampling.LANCZOS)
    cell = Image.new("L", (cell_w, cell_h), 255)
    cell.paste(ink, ((cell_w - ink.width) // 2, 0))
    return cell.point(lambda v: 0 if v < 160 else 255, mode="1")


def qr_image(data: str, module_dots: int = 6, border: int = 2) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module_dots, border=border)
    code.add_data(data)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("1")


def centered(img: Image.Image, width: int) -> Image.Image:
    if img.width >= width:
        return img.crop((0, 0, width, img.height))
    canvas = Image.new("1", (width, img.height), 1)
    canvas.paste(img, ((width - img.width) // 2, 0))
    return canvas


def to_raster(img: Image.Image) -> bytes:
    """GS v 0 bytes for a mode "1" image (black = printed dot).

    Blank paper right of the last dark dot is not sent: the rows are cut after it, which
    halves a typical left-aligned text line on a slow serial wire.
    """
    img = img.convert("1")
    ink = ImageOps.invert(img.convert("L")).getbbox()
    width_bytes = ((ink[2] if ink else 1) + 7) // 8
    padded = Image.new("1", (width_bytes * 8, img.height), 1)
    padded.paste(img.crop((0, 0, min(width_bytes * 8, img.width), img.height)), (0, 0))
    # In mode "1" PIL packs white as 1; the printer wants black as 1.
    bits = bytes(b ^ 0xFF for b in padded.tobytes())
    return commands.raster(width_bytes, img.height, bits)


def from_raster(width_bytes: int, height: int, bits: bytes) -> Image.Image:
    inverted = bytes(b ^ 0xFF for b in bits)
    return Image.frombytes("1", (width_bytes * 8, height), inverted)
