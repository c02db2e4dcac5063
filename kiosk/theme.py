"""The look: one stylesheet template, rendered in normal or elder mode.

Elder mode (长辈模式) scales every font size and switches to a high-contrast palette, so it is
one template with two sets of values rather than two stylesheets that drift apart.
"""

from __future__ import annotations

import re
from string import Template

from taxcore.assets import asset

NORMAL = {
    "bg": "#f3f6fa", "fg": "#1b2733", "accent": "#0b5cad", "accent_fg": "#ffffff",
    "tile_bg": "#ffffff", "tile_fg": "#0b3d73", "tile_border": "#c9d6e4",
    "muted": "#5a6b7b", "strip_bg": "#0b3d73", "strip_fg": "#ffffff",
    "warn": "#b35c00", "bad": "#b00020", "good": "#1b7f3b", "overlay_bg": "rgba(10, 20, 30, 200)",
    "off_bg": "#5a6b7b", "off_fg": "#f3f6fa",
}
ELDER = {
    "bg": "#000000", "fg": "#ffffff", "accent": "#ffd400", "accent_fg": "#000000",
    "tile_bg": "#111111", "tile_fg": "#ffd400", "tile_border": "#ffffff",
    "muted": "#e0e0e0", "strip_bg": "#000000", "strip_fg": "#ffffff",
    "warn": "#ffb000", "bad": "#ff6b6b", "good": "#7dff9a", "overlay_bg": "rgba(0, 0, 0, 230)",
    # A button that cannot be tapped is darker than every one that can (never a bright grey on black).
    "off_bg": "#333333", "off_fg": "#8c8c8c",
}
ELDER_SCALE = 1.4
_FONT_SIZE = re.compile(r"font-size:\s*(\d+)px")


def stylesheet(elder: bool) -> str:
    template = asset("styles", "kiosk.qss").read_text(encoding="utf-8")
    text = Template(template).substitute(ELDER if elder else NORMAL)
    if elder:
        text = _FONT_SIZE.sub(lambda m: f"font-size: {round(int(m.group(1)) * ELDER_SCALE)}px", text)
    return text
