"""A picture of what the simulated printer put on paper, drawn from the parsed bytes.

Used for screenshots in reviews and in diagnostics: it shows what the bytes say, not what the
document meant, so a wrong byte shows up as a wrong picture.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from drivers.printer import raster
from drivers.printer.parser import Cut, Event, Feed, PrintedBarcode, PrintedImage, PrintedQR, PrintedText


def _barcode_image(data: str, width: int) -> Image.Image:
    import barcode
    from barcode.writer import ImageWriter

    buf = io.BytesIO()
    barcode.get("code128", data, writer=ImageWriter()).write(
        buf, {"module_width": 0.25, "module_height": 8.0, "font_size": 8, "text_distance": 3.5, "dpi": 203}
    )
    return raster.centered(Image.open(buf).convert("1"), width)


def render(events: list[Event], width: int = 576, margin: int = 16) -> Image.Image:
    """The receipt roll as a white image, `margin` dots of paper on either side."""
    strips: list[Image.Image] = []
    for e in events:
        if isinstance(e, PrintedText):
            strips.append(raster.text_image(e.text, width, e.align, e.scale, e.bold))
        elif isinstance(e, PrintedImage):
            strips.append(e.image)
        elif isinstance(e, PrintedQR):
            strips.append(raster.centered(raster.qr_image(e.data), width))
        elif isinstance(e, PrintedBarcode):
            strips.append(_barcode_image(e.data, width))
        elif isinstance(e, Feed):
            strips.append(Image.new("1", (width, 30 * e.lines), 1))
        elif isinstance(e, Cut):
            cut = Image.new("1", (width, 12), 1)
            ImageDraw.Draw(cut).line([(0, 6), (width, 6)], fill=0, width=1)
            strips.append(cut)
    height = sum(s.height for s in strips) + 2 * margin
    page = Image.new("L", (width + 2 * margin, height), 255)
    y = margin
    for s in strips:
        page.paste(s.convert("L"), (margin, y))
        y += s.height
    return page
