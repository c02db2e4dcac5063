"""The camera's live picture on a face-check step, so people can see they are in the frame.

`frame_image` is the one conversion of a camera frame to something Qt draws: the step's preview
and the diagnostics camera page both use it.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel

PREVIEW_WIDTH = 480
BOX_COLOUR = "#1bd13b"


def frame_image(frame: np.ndarray, *, mirror: bool = False,
                boxes: Sequence[tuple[int, int, int, int]] = ()) -> QImage:
    """A BGR (or grey) camera frame as an image, mirrored if asked, with (x, y, w, h) boxes framed in green."""
    if mirror:
        frame = cv2.flip(frame, 1)
    rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB if frame.ndim == 3 else cv2.COLOR_GRAY2RGB)
    height, width, _ = rgb.shape
    image = QImage(rgb.tobytes(), width, height, width * 3, QImage.Format.Format_RGB888).copy()
    if boxes:
        painter = QPainter(image)
        painter.setPen(QPen(QColor(BOX_COLOUR), 6))
        for x, y, w, h in boxes:
            painter.drawRect(x, y, w, h)
        painter.end()
    return image


class CameraPreview(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("cameraPreview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFixedSize(PREVIEW_WIDTH, PREVIEW_WIDTH * 9 // 16)

    def show_frame(self, frame: np.ndarray) -> None:
        """A BGR (or grey) camera frame, mirrored like a mirror, scaled down to the preview (if not already)."""
        size = (self.width(), self.height())
        small = frame if frame.shape[1::-1] == size else cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
        self.setPixmap(QPixmap.fromImage(frame_image(small, mirror=True)))
