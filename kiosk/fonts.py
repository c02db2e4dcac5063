"""The bundled CJK font, loaded for every widget so Chinese never falls back to tofu boxes."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from taxcore.assets import asset

log = logging.getLogger(__name__)
FONT_FILE = "wqy-microhei.ttc"


class FontError(RuntimeError):
    """The bundled font is missing or unreadable: a broken install, named for the technician."""


def load_ui_font() -> str:
    """Register the bundled font and return its family name."""
    path = asset("fonts", FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        raise FontError(f"cannot load the bundled font {path}")
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        raise FontError(f"the bundled font {path} has no font family")
    return families[0]


def apply_ui_font(app: QApplication) -> str:
    family = load_ui_font()
    font = QFont(family)
    font.setPointSize(14)
    app.setFont(font)
    log.info("ui font loaded", extra={"family": family})
    return family
