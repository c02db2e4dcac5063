"""Where the card goes: a drawn reader pad under the screen with a card laid flat on it.

Drawn with QPainter (no image asset to keep in step with the text), beside the names of
every document the reader accepts, so nobody with a residence permit thinks it is for
resident ID cards only.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from screens.style import styled_label


class CardOnReader(QWidget):
    """A card above the reader pad and an arrow down to it (the pad sits below the screen)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(360, 300)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        accent = self.palette().color(self.foregroundRole())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(accent, 4))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(QRectF(30, 200, 300, 80), 16, 16)  # the reader pad
        p.drawText(QRectF(30, 200, 300, 80), Qt.AlignmentFlag.AlignCenter, "读卡区 · reader")
        card = QRectF(90, 20, 180, 114)
        p.setBrush(QColor(accent.red(), accent.green(), accent.blue(), 40))
        p.drawRoundedRect(card, 10, 10)
        p.drawEllipse(QRectF(108, 44, 44, 56))  # the photo
        for y in (52, 72, 92):
            p.drawLine(QPointF(170, y), QPointF(250, y))
        p.setBrush(accent)
        p.drawPolygon(QPolygonF([QPointF(165, 150), QPointF(195, 150), QPointF(180, 186)]))
        p.end()


def card_hint(documents: list[str], instruction: str) -> QWidget:
    """The picture beside what to do and the documents accepted, one per line."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 16, 0, 0)
    row.setSpacing(48)
    picture = CardOnReader()
    picture.setObjectName("cardPicture")
    row.addWidget(picture)
    column = QVBoxLayout()
    column.addWidget(styled_label("body", instruction, wrap=True))
    for name in documents:
        label: QLabel = styled_label("documentName", f"✔ {name}")
        column.addWidget(label)
    column.addStretch(1)
    row.addLayout(column, 1)
    return box
