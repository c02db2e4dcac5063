"""QR codes drawn on screen (links, payment codes), made with zxing-cpp's writer."""

from __future__ import annotations

import numpy as np
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap


def qr_pixmap(payload: str, size_px: int) -> QPixmap:
    """A crisp QR of `payload`, scaled without smoothing so modules stay sharp for phone cameras."""
    barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    pixels = np.ascontiguousarray(np.asarray(barcode.to_image(scale=4, add_quiet_zones=True)), dtype=np.uint8)
    height, width = pixels.shape
    qimage = QImage(pixels.tobytes(), width, height, width, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimage).scaled(
        size_px, size_px, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )
