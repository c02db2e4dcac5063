"""The WLT photo: decoded only by a configured vendor library, else a clear 'photo unavailable'."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from drivers.idcard.photo import HEIGHT, WIDTH, PhotoUnavailable, decode_photo, load_decoder
from drivers.idcard.reader import SamReader
from drivers.idcard.record import CardType, parse_base_message
from drivers.idcard.samples import PHOTO, base_message
from kiosk.i18n import LanguageSwitcher
from screens.card_photo import CardPhoto


class FakeVendor:
    """Stands where the vendor library stands: WLT in, a 102×126 24-bit BMP out."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.seen: list[bytes] = []

    def decode(self, wlt: bytes) -> bytes:
        self.seen.append(wlt)
        if self.fail:
            raise PhotoUnavailable("decoder returned -1")
        face = np.full((HEIGHT, WIDTH, 3), (40, 90, 200), np.uint8)
        return cv2.imencode(".bmp", face)[1].tobytes()


def test_without_a_decoder_the_reader_gives_no_photo(tmp_path: Path) -> None:
    assert load_decoder("") is None
    reader = SamReader("id_reader", str(tmp_path / "ttyNone"))  # no port needed to decode
    assert reader.photo(parse_base_message(base_message(CardType.RESIDENT))) is None


def test_missing_library_is_logged_and_unavailable(caplog: pytest.LogCaptureFixture) -> None:
    assert load_decoder("/nonexistent/libwlt2bmp.so") is None
    assert "cannot be loaded" in caplog.text


def test_the_reader_hands_the_card_photo_to_its_decoder(tmp_path: Path) -> None:
    vendor = FakeVendor()
    reader = SamReader("id_reader", str(tmp_path / "ttyNone"), photo_decoder=vendor)
    image = reader.photo(parse_base_message(base_message(CardType.HMT_PERMIT)))
    assert vendor.seen == [PHOTO] and image is not None and image[:2] == b"BM"
    assert decode_photo(PHOTO, FakeVendor(fail=True)) is None


def test_the_photo_frame_shows_the_photo_or_says_it_is_unavailable(qtbot: QtBot) -> None:
    view = CardPhoto((WIDTH, HEIGHT))
    qtbot.addWidget(view)
    view.set_photo(FakeVendor().decode(PHOTO))
    assert view.available and not view.pixmap().isNull() and view.text() == ""
    view.set_photo(None)
    assert not view.available and view.text() == "Photo unavailable"
    view.set_photo(b"BM not really a bitmap")  # a decoder that returns rubbish
    assert not view.available and view.text() == "Photo unavailable"
    languages = LanguageSwitcher()
    try:
        languages.apply("zh_CN")
        qtbot.waitUntil(lambda: view.text() == "照片不可用")
    finally:
        languages.remove()
    view.wipe()
    assert view.text() == "" and view.pixmap().isNull()
