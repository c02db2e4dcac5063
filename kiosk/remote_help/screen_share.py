"""The kiosk's window as the officer sees it: grabbed on the GUI thread, personal fields masked.

Unless the taxpayer chose to share everything, the part of a service step where personal
details appear (its body: records, typed values, card photo) and the on-screen keyboard are
painted over; titles, prompts and buttons stay, so the officer can see where the taxpayer is.
The call band itself is left out (the officer does not need their own picture back).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QWidget

MASK = QColor(60, 60, 60)
MAX_WIDTH = 960


def personal_areas(window: QWidget) -> list[QWidget]:
    """Widgets whose content may be personal, when they are on screen."""
    step = getattr(window, "step", None)
    areas: list[QWidget] = []
    if step is not None and step.isVisible():
        areas += [w for w in (getattr(step, "body_scroll", None), getattr(step, "keyboard", None)) if w is not None]
    return [w for w in areas if w.isVisible()]


def grab(window: QWidget, hide: list[QWidget], mask_personal: bool) -> np.ndarray:
    """The window as a BGR array (at most MAX_WIDTH wide), with personal areas painted over."""
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    painter = QPainter(image)
    ratio = image.width() / max(1, window.width())
    covered = [(w, False) for w in hide if w.isVisible()]
    if mask_personal:
        covered += [(w, True) for w in personal_areas(window)]
    font = QFont()
    font.setPixelSize(28)
    painter.setFont(font)
    for widget, labelled in covered:
        top_left = widget.mapTo(window, QPoint(0, 0))
        rect = QRect(round(top_left.x() * ratio), round(top_left.y() * ratio),
                     round(widget.width() * ratio), round(widget.height() * ratio))
        painter.fillRect(rect, MASK)
        if labelled:
            painter.setPen(QColor(230, 230, 230))
            painter.drawText(rect.adjusted(20, 20, -20, -20), 0, "个人信息已隐藏 personal details hidden")
    painter.end()
    if image.width() > MAX_WIDTH:
        image = image.scaledToWidth(MAX_WIDTH)
    width, height = image.width(), image.height()
    bits = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * height)
    rgb = bits.reshape(height, image.bytesPerLine())[:, : width * 3].reshape(height, width, 3)
    bgr: np.ndarray = np.ascontiguousarray(rgb[: height - height % 2, : width - width % 2, ::-1])  # even sides: yuv420
    return bgr
