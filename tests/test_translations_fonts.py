"""Every UI string is translated, and every Chinese glyph exists in the font actually used."""

from __future__ import annotations

import filecmp
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QFontInfo, QRawFont

from kiosk.catalogue import load_catalogue
from kiosk.fonts import FONT_FILE
from taxcore.assets import asset

TS = asset("translations", "kiosk_zh_CN.ts")
VENV_BIN = Path(sys.executable).parent  # the environment running the tests has pyside6-lrelease


def _translations() -> list[str]:
    texts = []
    for message in ET.parse(TS).iter("message"):
        tr = message.find("translation")
        assert tr is not None and tr.get("type") is None, f"unfinished: {message.findtext('source')}"
        texts.extend(t for t in tr.itertext() if t.strip())
    return texts


def test_every_string_is_translated_and_the_qm_is_current(tmp_path: Path) -> None:
    assert len(_translations()) >= 18
    lrelease = VENV_BIN / "pyside6-lrelease"
    fresh = tmp_path / "kiosk_zh_CN.qm"
    subprocess.run([str(lrelease), str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert filecmp.cmp(fresh, asset("translations", "kiosk_zh_CN.qm"), shallow=False), (
        "kiosk_zh_CN.qm is stale: run scripts/update-translations"
    )


def test_the_bundled_font_has_every_glyph_the_ui_shows(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    from kiosk.fonts import load_ui_font

    family = load_ui_font()
    assert family == "WenQuanYi Micro Hei"
    # The font the widgets actually use is the bundled one, not a system fallback.
    kiosk.start_session()
    tile = kiosk.window.home.tiles["iit_certificate"]
    assert QFontInfo(tile.label.font()).family() == family
    assert QFontInfo(kiosk.window.attract.touch.font()).family() == family

    raw = QRawFont(str(asset("fonts", FONT_FILE)), 24)
    assert raw.isValid()
    catalogue = load_catalogue()
    w = kiosk.window
    samples = _translations() + [s.title.zh for s in catalogue.services] + [g.title.zh for g in catalogue.groups]
    samples += [w.attract.touch.text(), w.attract.date.text(), w.attract.terminal.text(), "长期￥"]
    missing = sorted({ch for text in samples for ch in text if not ch.isspace() and not raw.supportsCharacter(ord(ch))})
    assert missing == [], f"characters without a glyph (would show as tofu): {missing}"
