"""Is there a face in front of the camera? The Haar cascade that ships inside OpenCV's wheel.

Only presence is decided here (before a capture is sent to the bureau for verification), so a
fast detector on a downscaled frame is enough; nothing of the face is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

CASCADE = "haarcascade_frontalface_default.xml"
DETECT_WIDTH = 480


@dataclass(frozen=True)
class Face:
    x: int
    y: int
    w: int
    h: int


class FaceDetector:
    def __init__(self, min_fraction: float = 0.12) -> None:
        self._cascade = cv2.CascadeClassifier(cv2.data.haarcascades + CASCADE)  # type: ignore[attr-defined]
        if self._cascade.empty():
            raise RuntimeError(f"OpenCV's {CASCADE} is missing from this installation")
        self.min_fraction = min_fraction  # a face smaller than this share of the width is too far away

    def faces(self, image: np.ndarray) -> list[Face]:
        """Faces in frame coordinates, largest first."""
        gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        scale = min(1.0, DETECT_WIDTH / gray.shape[1])
        small = cv2.equalizeHist(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
        side = max(24, int(small.shape[1] * self.min_fraction))
        found = self._cascade.detectMultiScale(small, scaleFactor=1.1, minNeighbors=5, minSize=(side, side))
        faces = [Face(*(int(v / scale) for v in rect)) for rect in found]
        return sorted(faces, key=lambda f: f.w * f.h, reverse=True)
