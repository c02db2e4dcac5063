"""The 税务机关 seal drawn on an A4 form: a red ring with the office's name along its upper arc and a
star, marked 打印样张 (a printed specimen). A terminal holds no real seal: the signed QR and the
验证码 are what prove the paper, and the marking says so to anyone who looks at the seal."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

RED = QColor(200, 16, 46, 215)  # a little transparent, so the text under the seal stays readable
SPECIMEN = "打印样张"


def draw_seal(p: QPainter, center: QPointF, radius: float, office: str, family: str) -> None:
    """Paint the seal, `radius` in device pixels, around `center`."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QPen(RED, radius * 0.06))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(center, radius, radius)
    p.setPen(RED)
    name_size = radius * (0.26 if len(office) <= 10 else 0.22)
    _arc_text(p, center, radius * 0.74, office, _font(family, name_size, bold=True))
    p.setFont(_font(family, radius * 0.55))
    p.drawText(QRectF(center.x() - radius, center.y() - radius * 0.42, 2 * radius, radius * 0.6),
               int(Qt.AlignmentFlag.AlignCenter), "★")
    p.setFont(_font(family, radius * 0.2, bold=True))
    p.drawText(QRectF(center.x() - radius, center.y() + radius * 0.28, 2 * radius, radius * 0.32),
               int(Qt.AlignmentFlag.AlignCenter), SPECIMEN)
    p.restore()


def _font(family: str, pixels: float, bold: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(int(pixels), 1))
    font.setBold(bold)
    return font


def _arc_text(p: QPainter, center: QPointF, radius: float, text: str, font: QFont) -> None:
    """`text` left to right along the upper arc, each character upright to the ring."""
    p.setFont(font)
    span = min(250.0, 22.0 * max(len(text) - 1, 1))
    box = font.pixelSize() * 1.3
    for i, ch in enumerate(text):
        angle = 270.0 - span / 2 + (span * i / (len(text) - 1) if len(text) > 1 else span / 2)
        at = math.radians(angle)
        p.save()
        p.translate(center.x() + radius * math.cos(at), center.y() + radius * math.sin(at))
        p.rotate(angle + 90.0)
        p.drawText(QRectF(-box / 2, -box / 2, box, box), int(Qt.AlignmentFlag.AlignCenter), ch)
        p.restore()
