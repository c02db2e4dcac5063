"""A full screen message with a way on: used wherever the user must be told something."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from screens.style import padded_column, styled_label


class MessageScreen(QWidget):
    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = padded_column(self, (120, 80), 32)
        self.title = styled_label("title", center=True, wrap=True)
        self.body = styled_label("body", center=True, wrap=True)
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
