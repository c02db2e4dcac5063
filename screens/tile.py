"""A large touch tile whose title wraps onto several lines (a QPushButton's text cannot)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

# 15 mm on a 21.5" 1920x1080 panel (476 mm wide: 4.03 px/mm) is 61 px; tiles are far larger.
MIN_TILE_W, MIN_TILE_H = 200, 120


class Tile(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(MIN_TILE_W, MIN_TILE_H)
        self.label = QLabel(self)
        self.label.setObjectName("tileText")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.label)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        self.label.setText(text)

    def text(self) -> str:
        return self.label.text()
