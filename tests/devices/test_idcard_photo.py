"""The WLT photo: decoded only by a configured vendor library, else a clear 'photo unavailable'."""

from __future__ import annotations

import pytest

from drivers.idcard.photo import BMP_BYTES, PHOTO_UNAVAILABLE, PhotoUnavailable, load_decoder, photo_or_reason
from drivers.idcard.samples import PHOTO


class FakeVendor:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail

    def decode(self, wlt: bytes) -> bytes:
        if self.fail:
            raise PhotoUnavailable("decoder returned -1")
        return b"BM" + bytes(BMP_BYTES - 2)


def test_without_a_decoder_the_photo_is_unavailable() -> None:
    assert load_decoder("") is None
    assert photo_or_reason(PHOTO, None) == (None, PHOTO_UNAVAILABLE)


def test_missing_library_is_logged_and_unavailable(caplog: pytest.LogCaptureFixture) -> None:
    assert load_decoder("/nonexistent/libwlt2bmp.so") is None
    assert "cannot be loaded" in caplog.text


def test_decoder_result_or_failure() -> None:
    image, reason = photo_or_reason(PHOTO, FakeVendor())
    assert image is not None and image[:2] == b"BM" and len(image) == 38862 and reason == ""
    assert photo_or_reason(PHOTO, FakeVendor(fail=True)) == (None, PHOTO_UNAVAILABLE)
