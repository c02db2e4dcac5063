"""Codes in a camera frame or a photo: zxing-cpp, restricted to the formats we read, with extra passes.

Passes run cheapest first while the frame's time budget lasts, and the first that reads wins:
- half resolution, lightly smoothed: a quarter of the pixels, and the smoothing averages sensor
  noise and a phone screen's pixel grid away. Most frames are read here, in a few ms.
- full resolution: small or steeply tilted codes whose modules the half image merges.
- contrast stretched (CLAHE, at half resolution): washed-out or dark screens, glare.
- near misses: where zxing found a code's finder patterns but could not decode it, that region
  alone, enlarged (perspective squeezes modules below two pixels), then sharpened.
- rectified: a steeply tilted code warped square by the outline of its white surround.
- deblurred: the code's region deconvolved with the blur measured on it (deblur.py); a hand
  moving the phone and a camera out of focus are where decoders fail most.
- the whole frame sharpened, for what is left.
Every pass also tries the inverted image (dark-mode phones). A camera delivers many frames a
second, so giving up on one frame costs little; spending too long on one costs every frame after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import cv2
import numpy as np
import zxingcpp

from drivers.scanner import deblur

FORMATS = zxingcpp.BarcodeFormats([zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.Code128])
DEFAULT_BUDGET_S = 0.025
MARGIN = 0.35  # around a near miss, as a share of its size: the finder patterns may be misplaced
ENLARGED_SIDE = 800  # a near miss is enlarged up to this many pixels (more costs more than it reads)
DEBLUR_SIDE = 480  # a region is deblurred at no more than this many pixels a side
RECTIFIED_SIDE = 480  # a tilted code's outline is warped to a square this size
MIN_QUAD_AREA = 2000  # in half-resolution pixels: smaller bright shapes are not a code's surround

Gray = np.ndarray
Box = tuple[int, int, int, int]  # x0, y0, x1, y1


def to_gray(image: np.ndarray) -> Gray:
    if image.ndim == 2:
        return image
    return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY)


class Frame:
    """One frame being decoded: the gray image and where codes were seen but not read."""

    def __init__(self, gray: Gray) -> None:
        self.gray = gray
        self.near_misses: list[np.ndarray] = []  # corner points, in full-frame pixels
        self._half: Gray | None = None

    def half(self) -> Gray:
        """Half resolution, lightly smoothed: a quarter of the pixels, noise and screen grids averaged."""
        if self._half is None:
            small = cv2.resize(self.gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
            self._half = cv2.GaussianBlur(small, (3, 3), 0)
        return self._half

    def read(self, image: Gray, scale: float = 1.0, origin: tuple[int, int] | None = (0, 0), *,
             downscale: bool = True) -> list[str]:
        """Payloads in `image`: the frame, or its region from `origin`, resized by `scale`.
        Remembers where codes were found but not decoded, in frame pixels (origin None: the image
        is not a plain part of the frame, and its near misses cannot be placed in it)."""
        found = zxingcpp.read_barcodes(image, formats=FORMATS, try_rotate=True, try_downscale=downscale,
                                       try_invert=True, return_errors=True)
        texts = [r.text for r in found if r.valid and r.text]
        if not texts and origin is not None:
            offset = np.array(origin, np.float32)
            self.near_misses += [_corners(r.position) / scale + offset for r in found if not r.valid]
        return texts

    def near_miss_box(self) -> Box | None:
        boxes = [c for c in self.near_misses if np.ptp(c[:, 0]) >= 8 and np.ptp(c[:, 1]) >= 8]
        if not boxes:
            return None
        points = np.vstack(boxes)
        (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
        margin = MARGIN * max(x1 - x0, y1 - y0)
        height, width = self.gray.shape[:2]
        return (int(max(0, x0 - margin)), int(max(0, y0 - margin)),
                int(min(width, x1 + margin)), int(min(height, y1 + margin)))


def _corners(position: zxingcpp.Position) -> np.ndarray:
    return np.array([[p.x, p.y] for p in (position.top_left, position.top_right, position.bottom_right,
                                          position.bottom_left)], np.float32)


def _region(gray: Gray, box: Box) -> tuple[Gray, tuple[int, int]]:
    """The pixels inside `box`, and where they start in the frame."""
    x0, y0, x1, y1 = box
    return gray[y0:y1, x0:x1], (x0, y0)


def _sharpen(gray: Gray, sigma: float, amount: float) -> Gray:
    soft = cv2.GaussianBlur(gray, (0, 0), sigma)
    return cv2.addWeighted(gray, 1.0 + amount, soft, -amount, 0)


_CLAHE = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))


def _half(frame: Frame) -> list[str]:
    return frame.read(frame.half(), 0.5)


def _full(frame: Frame) -> list[str]:
    return frame.read(frame.gray, downscale=False)  # the half pass tried the smaller scales


def _near_miss(frame: Frame) -> list[str]:
    box = frame.near_miss_box()
    if box is None:
        return []
    crop, (x0, y0) = _region(frame.gray, box)
    scale = min(2.0, ENLARGED_SIDE / max(crop.shape))
    if scale < 1.2:
        return []  # a region this large has modules big enough: the full pass saw them as they are
    large = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return (frame.read(large, scale, (x0, y0), downscale=False)
            or frame.read(_sharpen(large, 3.0, 1.5), scale, (x0, y0), downscale=False))


def _sharpened(frame: Frame) -> list[str]:
    return frame.read(_sharpen(frame.gray, 2.0, 1.0))


def _stretched(frame: Frame) -> list[str]:
    return frame.read(_CLAHE.apply(frame.half()), 0.5)


def _bright_quads(gray: Gray, most: int = 2) -> list[np.ndarray]:
    """Corners (clockwise from top-left) of the largest bright four-sided shapes: a code's white
    quiet zone on a phone or on paper, however tilted."""
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    _, bright = cv2.threshold(cv2.GaussianBlur(small, (5, 5), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    quads = []
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:most]:
        if cv2.contourArea(contour) < MIN_QUAD_AREA:
            break
        hull = cv2.convexHull(contour)
        corners = cv2.approxPolyDP(hull, 0.03 * cv2.arcLength(hull, True), True).reshape(-1, 2)
        if len(corners) == 4:
            sums, diffs = corners.sum(axis=1), np.diff(corners, axis=1).ravel()
            ordered = [corners[np.argmin(sums)], corners[np.argmin(diffs)], corners[np.argmax(sums)],
                       corners[np.argmax(diffs)]]
            quads.append(np.array(ordered, np.float32) * 2)
    return quads


def _rectified(frame: Frame) -> list[str]:
    """A steeply tilted code seen square: zxing's own perspective estimate fails past a point, the
    outline of the code's white surround does not."""
    side = RECTIFIED_SIDE
    square = np.array([[0, 0], [side, 0], [side, side], [0, side]], np.float32)
    for quad in _bright_quads(frame.gray):
        flat = cv2.warpPerspective(frame.gray, cv2.getPerspectiveTransform(quad, square), (side, side))
        found = frame.read(flat, origin=None, downscale=False)
        if found:
            return found
    return []


def _deblurred(frame: Frame) -> list[str]:
    """The code's region deconvolved: the blur is measured, not guessed (deblur.py)."""
    box = frame.near_miss_box() or deblur.busiest_region(frame.gray)
    if box is None:
        return []
    crop, (x0, y0) = _region(frame.gray, box)
    scale = min(1.0, DEBLUR_SIDE / max(crop.shape))
    if scale < 1.0:  # a large code has large modules: it deblurs as well smaller, and much faster
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    blur: deblur.Blur | None = deblur.estimate_blur(crop)
    if blur is not None and not blur.motion_px:
        blur = deblur.focus_blur(crop)
    if blur is None:
        return []  # neither smeared nor out of focus: what keeps it from being read is something else
    return frame.read(deblur.deconvolve(crop, blur), scale, (x0, y0))


PASSES: tuple[Callable[[Frame], list[str]], ...] = (
    _half, _full, _stretched, _near_miss, _rectified, _deblurred, _sharpened)


def decode(image: np.ndarray, budget_s: float = DEFAULT_BUDGET_S,
           clock: Callable[[], float] = time.perf_counter) -> list[str]:
    """Payloads found in the image (BGR, BGRA or gray), trying passes until one reads or time is up.

    No pass starts once `budget_s` has gone by on `clock` (wall time by default; the benchmark
    counts the CPU time the decoding thread got, so that other load on the machine does not
    change which passes run)."""
    frame = Frame(to_gray(image))
    end = clock() + budget_s
    for attempt in PASSES:
        found = attempt(frame)
        if found:
            return list(dict.fromkeys(found))
        if clock() >= end:
            break
    return []


def load_image(path: str) -> np.ndarray:
    """A still image from disk, as it is (gray, BGR or BGRA); ValueError when OpenCV cannot read it."""
    image = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if image is None:
        raise ValueError(f"{path}: not an image OpenCV can read")
    return image


def decode_still(image: np.ndarray) -> list[str]:
    """A still image (a technician's photo): all passes, no time budget."""
    return decode(image, budget_s=float("inf"))


def decode_file(path: str) -> list[str]:
    return decode_still(load_image(path))
