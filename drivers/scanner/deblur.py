"""Undoing a camera's blur on a code's region: measure the blur, then deconvolve (Wiener).

Blur is where QR decoders fail most: a hand moving the phone smears modules into their
neighbours, an out-of-focus camera spreads them. Sharpening only steepens what is left; knowing
the blur lets a Wiener filter take it back out. Motion blur of length L leaves periodic zeros in
the image spectrum, which show as a strong negative peak at distance L, in the direction of the
motion, in the cepstrum (the spectrum of the log spectrum). No such peak means focus blur, taken
as a Gaussian whose size follows from how steep the region's steepest edges still are.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

CEPSTRUM_SIDE = 256  # pixels of the region the blur is measured on
MOTION_RANGE = (6, 26)  # blur lengths looked for, in pixels
MOTION_CANDIDATES = 4  # cepstrum peaks looked at, strongest first
MOTION_PEAK = 10.0  # how many standard deviations a cepstrum peak must stand out to be motion
FOCUS_SIGMA = 3.5  # the Gaussian assumed when there is no motion peak and no better measure
EDGE_SPREAD = 0.8  # a Gaussian blur of sigma s leaves edges of sharpness about EDGE_SPREAD / s
NOISE_TO_SIGNAL = 0.005  # Wiener's regularisation: lower restores more and amplifies noise more
SHARP = 0.8  # edge steepness (see `sharpness`) above which a region is not worth deblurring


@dataclass(frozen=True)
class Blur:
    motion_px: float = 0.0  # 0: focus blur
    angle_deg: float = 0.0  # direction of the motion, counter-clockwise from the x axis
    sigma: float = FOCUS_SIGMA

    def kernel(self) -> np.ndarray:
        if self.motion_px <= 0:
            size = int(6 * self.sigma) | 1
            column = cv2.getGaussianKernel(size, self.sigma, cv2.CV_32F)
            return column @ column.T
        k = max(2, int(round(self.motion_px)))  # even lengths too: one pixel off is enough to fail
        line = np.zeros((k, k), np.float32)
        line[k // 2, :] = 1.0
        turn = cv2.getRotationMatrix2D((k / 2 - 0.5, k / 2 - 0.5), self.angle_deg, 1.0)
        kernel = cv2.warpAffine(line, turn, (k, k))
        return kernel / kernel.sum()


def busiest_region(gray: np.ndarray, margin: float = 0.15) -> tuple[int, int, int, int] | None:
    """Where the frame has the most edges (a code, blurred or not, is the busiest thing in view)."""
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA).astype(np.float32)
    energy = np.abs(cv2.Sobel(small, cv2.CV_32F, 1, 0)) + np.abs(cv2.Sobel(small, cv2.CV_32F, 0, 1))
    energy = cv2.boxFilter(energy, -1, (15, 15))
    peak = float(energy.max())
    if peak <= 0:
        return None
    ys, xs = np.nonzero(energy > 0.5 * peak)
    x0, x1, y0, y1 = xs.min() * 4, (xs.max() + 1) * 4, ys.min() * 4, (ys.max() + 1) * 4
    pad = margin * max(x1 - x0, y1 - y0)
    height, width = gray.shape[:2]
    return int(max(0, x0 - pad)), int(max(0, y0 - pad)), int(min(width, x1 + pad)), int(min(height, y1 + pad))


class Edges:
    """How steep a region's edges are relative to its contrast: about 1 when black meets white
    within a pixel or two (a sharp code), 0.2-0.5 for a code blurred past reading."""

    def __init__(self, region: np.ndarray) -> None:
        image = region.astype(np.float32)
        self._gx = cv2.Sobel(image, cv2.CV_32F, 1, 0) / 4
        self._gy = cv2.Sobel(image, cv2.CV_32F, 0, 1) / 4
        low, high = np.percentile(image, (5, 95))
        self._contrast = max(1.0, float(high - low))

    def sharpness(self, angle_deg: float | None = None) -> float:
        """Over all edges, or only those crossed moving in direction `angle_deg` (a smear leaves
        those soft and the others sharp)."""
        if angle_deg is None:
            steepness = cv2.magnitude(self._gx, self._gy)
        else:  # image rows grow downwards, angles turn counter-clockwise
            turn = np.radians(angle_deg)
            steepness = np.abs(self._gx * np.cos(turn) - self._gy * np.sin(turn))
        return float(np.percentile(steepness, 99)) / self._contrast


def sharpness(region: np.ndarray) -> float:
    return Edges(region).sharpness()


def focus_blur(region: np.ndarray) -> Blur | None:
    """A Gaussian blur sized from the region's sharpness; None when the region is sharp."""
    edges = sharpness(region)
    if edges > SHARP:
        return None
    return Blur(sigma=float(np.clip(EDGE_SPREAD / max(edges, 1e-3), 1.5, 5.0)))


def estimate_blur(region: np.ndarray) -> Blur:
    """Motion (length and direction) from the cepstrum's strongest negative peak, else focus blur
    (of the default size; `focus_blur` measures it)."""
    height, width = region.shape[:2]
    top, left = max(0, (height - CEPSTRUM_SIDE) // 2), max(0, (width - CEPSTRUM_SIDE) // 2)
    patch = region[top : top + CEPSTRUM_SIDE, left : left + CEPSTRUM_SIDE].astype(np.float32)
    h, w = patch.shape
    if min(h, w) < 4 * MOTION_RANGE[1]:
        return Blur()
    patch -= patch.mean()
    patch *= cv2.createHanningWindow((w, h), cv2.CV_32F)
    spectrum = cv2.dft(patch, flags=cv2.DFT_COMPLEX_OUTPUT)
    log_magnitude = np.log(cv2.magnitude(spectrum[..., 0], spectrum[..., 1]) + 1e-3)
    cepstrum = np.fft.fftshift(cv2.dft(log_magnitude, flags=cv2.DFT_COMPLEX_OUTPUT)[..., 0])
    yy, xx = np.mgrid[0:h, 0:w]
    dy, dx = yy - h // 2, xx - w // 2
    radius = np.hypot(dy, dx)
    ring = (radius >= MOTION_RANGE[0]) & (radius <= MOTION_RANGE[1]) & (dy <= 0)  # the cepstrum is symmetric
    spread = float(cepstrum[ring].std())
    if spread <= 0:
        return Blur()
    edges = Edges(region)
    taken: list[tuple[int, int]] = []
    for index in np.argsort(np.where(ring, cepstrum, np.inf), axis=None)[:MOTION_CANDIDATES * 8]:
        y, x = divmod(int(index), w)
        if -cepstrum[y, x] / spread < MOTION_PEAK:
            break
        if any(abs(y - ty) + abs(x - tx) <= 3 for ty, tx in taken):
            continue  # the same peak again
        taken.append((y, x))
        angle = float(np.degrees(np.arctan2(-dy[y, x], dx[y, x])) % 180)
        # A peak in a direction whose edges are sharp is the code's own module grid, not a smear.
        if edges.sharpness(angle) <= SHARP:
            return Blur(float(radius[y, x]), angle)
        if len(taken) >= MOTION_CANDIDATES:
            break
    return Blur()


def deconvolve(region: np.ndarray, blur: Blur) -> np.ndarray:
    """The region with `blur` taken back out by a Wiener filter (edges padded to avoid ringing)."""
    kernel = blur.kernel()
    pad = kernel.shape[0]
    padded = cv2.copyMakeBorder(region, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    h, w = padded.shape
    fh, fw = cv2.getOptimalDFTSize(h), cv2.getOptimalDFTSize(w)
    source = cv2.copyMakeBorder(padded, 0, fh - h, 0, fw - w, cv2.BORDER_REPLICATE).astype(np.float32)
    psf = np.zeros((fh, fw), np.float32)
    kh, kw = kernel.shape
    psf[:kh, :kw] = kernel
    psf = np.roll(psf, (-(kh // 2), -(kw // 2)), (0, 1))
    blur_spectrum = cv2.dft(psf, flags=cv2.DFT_COMPLEX_OUTPUT)
    image_spectrum = cv2.dft(source, flags=cv2.DFT_COMPLEX_OUTPUT)
    power = blur_spectrum[..., 0] ** 2 + blur_spectrum[..., 1] ** 2 + NOISE_TO_SIGNAL
    restored = cv2.mulSpectrums(image_spectrum, blur_spectrum, 0, conjB=True) / power[..., None]
    out = cv2.dft(restored, flags=cv2.DFT_REAL_OUTPUT | cv2.DFT_INVERSE | cv2.DFT_SCALE)
    return np.clip(out[pad : h - pad, pad : w - pad], 0, 255).astype(np.uint8)
