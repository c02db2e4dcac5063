"""A full screen message with a way on: used wherever the user must be told something."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class MessageScreen(QWidget):
    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 80, 120, 80)
        layout.setSpacing(32)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setObjectName("body")
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setWordWrap(True)
        self.back_button = QPushButton()
        self.back_button.setMinimumSize(360, 100)
        self.back_button.clicked.connect(self.back_clicked.emit)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_message(self, title: str, body: str, back_text: str) -> None:
        self.title.setText(title)
        self.body.setText(body)
        self.back_button.setText(back_text)

    def clear(self) -> None:
        self.title.clear()
        self.body.clear()
