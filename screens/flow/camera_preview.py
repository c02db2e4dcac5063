"""The camera's live picture on a face-check step, so people can see they are in the frame."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel

PREVIEW_WIDTH = 480


class CameraPreview(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("cameraPreview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFixedSize(PREVIEW_WIDTH, PREVIEW_WIDTH * 9 // 16)

    def show_frame(self, frame: np.ndarray) -> None:
        """A BGR (or grey) camera frame, mirrored like a mirror, scaled down to the preview."""
        small = cv2.resize(frame, (self.width(), self.height()), interpolation=cv2.INTER_AREA)
        rgb = cv2.cvtColor(cv2.flip(small, 1), cv2.COLOR_BGR2RGB if small.ndim == 3 else cv2.COLOR_GRAY2RGB)
        height, width, _ = rgb.shape
        image = QImage(rgb.tobytes(), width, height, width * 3, QImage.Format.Format_RGB888).copy()
        self.setPixmap(QPixmap.fromImage(image))
