"""A simulated camera: plays a folder of images or a video file in a loop, or shows what a test presents.

It stands where OpenCV's VideoCapture stands, so the camera driver's decoding, de-duplication
and face presence are the code under test. `present(image)` holds a picture up to the camera;
`unplug()` makes it stop giving frames.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import zxingcpp

from drivers.camera.capture import CameraScanner, open_camera
from drivers.camera.settings import SimCameraSettings
from drivers.registry import DriverConfigError

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp"}


class SimulatedCamera:
    def __init__(self, width: int = 1280, height: int = 720, play: str = "") -> None:
        self.width, self.height = width, height
        self._lock = threading.Lock()
        self._presented: np.ndarray | None = None
        self._frames: list[np.ndarray] = []
        self._video: Any = None
        self._index = 0
        self.plugged = True
        if play:
            self._load(Path(play))

    def _load(self, path: Path) -> None:
        if path.is_dir():
            for file in sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
                image = cv2.imread(str(file), cv2.IMREAD_COLOR)
                if image is not None:
                    self._frames.append(image)
        elif path.is_file():
            self._video = cv2.VideoCapture(str(path))
        if not self._frames and (self._video is None or not self._video.isOpened()):
            raise DriverConfigError(f"play: {path} holds no images or video OpenCV can read")

    def present(self, image: np.ndarray | None) -> None:
        """Hold a picture up to the camera (None: take it away)."""
        with self._lock:
            self._presented = image

    def present_code(self, payload: str) -> None:
        """Hold a phone or a paper with this QR code up to the camera."""
        self.present(code_frame(payload))

    def unplug(self) -> None:
        self.plugged = False

    def replug(self) -> None:
        self.plugged = True

    # --- what VideoCapture offers ---------------------------------------------------------
    def read(self) -> tuple[bool, np.ndarray | None]:
        if not self.plugged:
            return False, None
        with self._lock:
            if self._presented is not None:
                return True, self._presented.copy()
        if self._video is not None:
            ok, frame = self._video.read()
            if not ok:
                self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ok, frame = self._video.read()
            return ok, frame
        if self._frames:
            frame = self._frames[self._index % len(self._frames)]
            self._index += 1
            return True, frame.copy()
        return True, np.full((self.height, self.width, 3), 96, np.uint8)  # an empty hall

    def release(self) -> None:
        pass  # the simulator outlives reconnects, like a camera outlives its driver


def code_frame(payload: str, *, width: int = 1280, height: int = 720, at: tuple[int, int] = (500, 150),
               module_px: int = 6, background: int = 150, blur_sigma: float = 0.0, invert: bool = False) -> np.ndarray:
    """A QR code held up to the camera: a BGR frame with the code at `at` (its top-left corner),
    optionally light-on-dark (a phone in dark mode) and out of focus."""
    code = np.asarray(zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode).to_image(scale=module_px))
    frame = np.full((height, width), background, np.uint8)
    x, y = at
    frame[y : y + code.shape[0], x : x + code.shape[1]] = 255 - code if invert else code
    focused = cv2.GaussianBlur(frame, (0, 0), blur_sigma) if blur_sigma > 0 else frame
    return cv2.cvtColor(focused, cv2.COLOR_GRAY2BGR)


def drawn_face(size: int = 420, width: int = 1280, height: int = 720) -> np.ndarray:
    """A face as a child draws it, which OpenCV's frontal-face cascade takes for one (size 380-550)."""
    img = np.full((height, width), 60, np.uint8)
    cx, cy, a = width // 2, height // 2, size
    cv2.ellipse(img, (cx, cy), (int(a * 0.42), int(a * 0.55)), 0, 0, 360, 200, -1)
    for side in (-1, 1):
        ex, ey = cx + side * int(a * 0.17), cy - int(a * 0.1)
        cv2.ellipse(img, (ex, ey - int(a * 0.09)), (int(a * 0.1), int(a * 0.025)), 0, 0, 360, 70, -1)
        cv2.ellipse(img, (ex, ey), (int(a * 0.08), int(a * 0.04)), 0, 0, 360, 40, -1)
    cv2.ellipse(img, (cx, cy + int(a * 0.1)), (int(a * 0.04), int(a * 0.1)), 0, 0, 360, 170, -1)
    cv2.ellipse(img, (cx, cy + int(a * 0.28)), (int(a * 0.13), int(a * 0.035)), 0, 0, 360, 90, -1)
    return cv2.cvtColor(cv2.GaussianBlur(img, (0, 0), 3), cv2.COLOR_GRAY2BGR)


def build(device: str, settings: SimCameraSettings) -> CameraScanner:
    camera = open_camera(device, "sim", 15.0, settings)
    camera.simulator = SimulatedCamera(settings.width, settings.height, settings.play)
    return camera
