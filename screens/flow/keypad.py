"""A large on-screen keypad for numbers (ID numbers end in X, so X is a key too)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "⌫")


class Keypad(QWidget):
    key_pressed = Signal(str)  # a digit, "X", or "⌫" for delete

    def __init__(self, with_x: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(12)
        self.buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(KEYS):
            button = QPushButton(key)
            button.setObjectName("key")
            button.setMinimumSize(140, 96)
            button.clicked.connect(lambda _=False, k=key: self.key_pressed.emit(k))
            self.buttons[key] = button
            grid.addWidget(button, i // 3, i % 3)
            if key == "X" and not with_x:
                button.hide()  # no dead key that looks like the others (an amount, a PIN)


def apply_key(text: str, key: str, max_length: int) -> str:
    """The text after pressing `key`: one behaviour for every keypad field."""
    if key == "⌫":
        return text[:-1]
    return text + key if len(text) < max_length else text
