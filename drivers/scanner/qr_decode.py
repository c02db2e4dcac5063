"""Codes in a camera frame or a photo: zxing-cpp, restricted to the formats we read, with extra passes.

The first pass is zxing-cpp as it comes (local-average binarizer, rotation, downscaling and
inversion tried). Frames it cannot read get further passes, cheapest first, while the frame's
time budget lasts: a global-histogram binarizer (glare, uneven light), a sharpened image (blur,
focus), contrast stretching (washed-out or dark screens) and a smoothed image (phone-screen
moiré and sensor noise). A camera delivers many frames a second, so giving up on one frame
costs little; spending too long on one costs every frame after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import cv2
import numpy as np
import zxingcpp

FORMATS = zxingcpp.BarcodeFormats([zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.Code128])
DEFAULT_BUDGET_S = 0.025

Gray = np.ndarray


def to_gray(image: np.ndarray) -> Gray:
    if image.ndim == 2:
        return image
    return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY)


def _read(gray: Gray, binarizer: zxingcpp.Binarizer = zxingcpp.Binarizer.LocalAverage) -> list[str]:
    found = zxingcpp.read_barcodes(gray, formats=FORMATS, try_rotate=True, try_downscale=True, try_invert=True,
                                   binarizer=binarizer)
    return [r.text for r in found if r.valid and r.text]


def _global(gray: Gray) -> list[str]:
    return _read(gray, zxingcpp.Binarizer.GlobalHistogram)


def _sharpened(gray: Gray) -> list[str]:
    soft = cv2.GaussianBlur(gray, (0, 0), 2.0)
    return _read(cv2.addWeighted(gray, 2.0, soft, -1.0, 0))


def _stretched(gray: Gray) -> list[str]:
    return _read(cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(gray))


def _smoothed(gray: Gray) -> list[str]:
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return _read(cv2.GaussianBlur(small, (3, 3), 0))


PASSES: tuple[Callable[[Gray], list[str]], ...] = (_read, _global, _sharpened, _stretched, _smoothed)


def decode(image: np.ndarray, budget_s: float = DEFAULT_BUDGET_S) -> list[str]:
    """Payloads found in the image (BGR, BGRA or gray), trying passes until one reads or time is up."""
    gray = to_gray(image)
    end = time.perf_counter() + budget_s
    for attempt in PASSES:
        found = attempt(gray)
        if found:
            return list(dict.fromkeys(found))
        if time.perf_counter() >= end:
            break
    return []


def decode_file(path: str) -> list[str]:
    """A still image from disk (a technician's photo): all passes, no time budget."""
    image = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if image is None:
        raise ValueError(f"{path}: not an image OpenCV can read")
    return decode(image, budget_s=float("inf"))
