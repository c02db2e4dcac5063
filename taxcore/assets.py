"""Where the bundled assets (fonts, translations, content, styles) live: from a source checkout and
from a PyInstaller bundle alike. The terminal draws and prints with them; the bureau serves the
very content files the terminal ships (bureau/content.py)."""

from __future__ import annotations

import sys
from pathlib import Path


def asset_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return base / "assets"


def asset(*parts: str) -> Path:
    return asset_root().joinpath(*parts)
