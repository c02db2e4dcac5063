"""The camera's live picture on a face-check step, so people can see they are in the frame."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel

PREVIEW_WIDTH = 480
PREVIEW_SIZE = (PREVIEW_WIDTH, PREVIEW_WIDTH * 9 // 16)


def preview_image(frame: np.ndarray, size: tuple[int, int] = PREVIEW_SIZE) -> QImage:
    """A BGR (or grey) camera frame, mirrored like a mirror, scaled down to the preview.

    Any thread: scaling a 1280×720 frame takes longer than a frame of the screen's time, so
    the face step makes it on a worker and the GUI thread only shows the result.
    """
    small = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
    rgb = cv2.cvtColor(cv2.flip(small, 1), cv2.COLOR_BGR2RGB if small.ndim == 3 else cv2.COLOR_GRAY2RGB)
    height, width, _ = rgb.shape
    return QImage(rgb.tobytes(), width, height, width * 3, QImage.Format.Format_RGB888).copy()


class CameraPreview(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("cameraPreview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFixedSize(*PREVIEW_SIZE)

    def show_image(self, image: QImage) -> None:
        self.setPixmap(QPixmap.fromImage(image))
