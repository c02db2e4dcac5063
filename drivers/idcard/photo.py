"""The card photo: 1024 bytes of WLT that only a vendor library can turn into a 102×126 image.

We keep the raw bytes in the record and decode only through a `PhotoDecoder`. The one shipped
adapter loads a vendor library from the configured path with ctypes and calls the export most
vendor SDKs share, `int unpack(char *wlt, char *bmp_out, int save_file)` returning 1 on success
(check your vendor's header; other signatures need another adapter). With no library
configured, or a failing one, there is no image: the screen says "photo unavailable"
(screens/card_photo.py) and everything else goes on.
"""

from __future__ import annotations

import ctypes
import logging
from typing import Protocol

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 102, 126
BMP_BYTES = 54 + ((WIDTH * 3 + 3) // 4 * 4) * HEIGHT  # 24-bit BMP with padded rows


class PhotoUnavailable(Exception):
    """No photo can be shown; the message says why (for the log and the technician)."""


class PhotoDecoder(Protocol):
    def decode(self, wlt: bytes) -> bytes:
        """A 102×126 BMP image from the 1024 WLT bytes; raises PhotoUnavailable."""
        ...


class VendorWltDecoder:
    def __init__(self, library_path: str, export: str = "unpack") -> None:
        try:
            lib = ctypes.CDLL(library_path)
            self._unpack = getattr(lib, export)
        except (OSError, AttributeError) as exc:
            raise PhotoUnavailable(f"WLT decoder {library_path!r} cannot be loaded: {exc}") from None
        self._unpack.restype = ctypes.c_int

    def decode(self, wlt: bytes) -> bytes:
        if len(wlt) != 1024:
            raise PhotoUnavailable(f"photo is {len(wlt)} bytes, not 1024")
        out = ctypes.create_string_buffer(BMP_BYTES)
        code = self._unpack(ctypes.c_char_p(wlt), out, 0)
        if code != 1:
            raise PhotoUnavailable(f"WLT decoder returned {code}")
        return out.raw


def load_decoder(library_path: str) -> PhotoDecoder | None:
    """The configured decoder, or None (logged once) when none is configured or it cannot load."""
    if not library_path:
        return None
    try:
        return VendorWltDecoder(library_path)
    except PhotoUnavailable as exc:
        log.warning("%s; photos will show as unavailable", exc)
        return None


def decode_photo(wlt: bytes, decoder: PhotoDecoder | None) -> bytes | None:
    """The BMP image, or None (the reason logged) when no decoder is configured or it fails."""
    if decoder is None:
        return None
    try:
        return decoder.decode(wlt)
    except PhotoUnavailable as exc:
        log.warning("id card photo not decoded: %s", exc)
        return None
