"""Drawing to printer dots with the bundled font, and packing images as GS v 0 rasters."""

from __future__ import annotations

import functools

import qrcode
from PIL import Image, ImageDraw, ImageFont

from drivers.printer import commands
from kiosk.resources import asset

FONT_PATH = asset("fonts", "wqy-microhei.ttc")
BASE_DOTS = 24  # height of one normal-size character line on a 203 dpi printer


@functools.lru_cache(maxsize=16)
def font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), px, index=0)


def text_image(text: str, width: int, align: str = "left", scale: int = 1, bold: bool = False) -> Image.Image:
    """One receipt line drawn black on white, `width` dots wide, mode "1"."""
    px = BASE_DOTS * scale
    img = Image.new("L", (width, px + 6 * scale), 255)
    draw = ImageDraw.Draw(img)
    f = font(px)
    text_w = draw.textlength(text, font=f)
    x = {"left": 0.0, "center": (width - text_w) / 2, "right": width - text_w}[align]
    draw.text((max(x, 0), 2 * scale), text, font=f, fill=0, stroke_width=1 if bold else 0, stroke_fill=0)
    return img.point(lambda v: 0 if v < 160 else 255, mode="1")


def qr_image(data: str, module_dots: int = 6, border: int = 2) -> Image.Image:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module_dots, border=border
    )
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
    """GS v 0 bytes for a mode "1" image (black = printed dot)."""
    img = img.convert("1")
    width_bytes = (img.width + 7) // 8
    padded = Image.new("1", (width_bytes * 8, img.height), 1)
    padded.paste(img, (0, 0))
    # In mode "1" PIL packs white as 1; the printer wants black as 1.
    bits = bytes(b ^ 0xFF for b in padded.tobytes())
    return commands.raster(width_bytes, img.height, bits)


def from_raster(width_bytes: int, height: int, bits: bytes) -> Image.Image:
    inverted = bytes(b ^ 0xFF for b in bits)
    return Image.frombytes("1", (width_bytes * 8, height), inverted)
