"""The demo's own control strip (only in `kiosk demo` on a display): what a visitor would do with
their hands at a real terminal, as buttons. It only says what was tapped; kiosk/demo_control.py
hands it to the simulated devices, so the screens above react exactly as they would to a real card,
code or face. Both languages at once: the visitor has not chosen one yet.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton

from screens.style import styled_label


class DemoPanel(QFrame):
    card_placed = Signal(str)  # a sample card's key
    card_lifted = Signal()
    code_shown = Signal()
    face_shown = Signal(bool)

    def __init__(self, cards: list[tuple[str, str]], code_label: str) -> None:
        """`cards`: (key, label) of each sample card; `code_label`: what the shown code is."""
        super().__init__()
        self.setObjectName("demoPanel")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(styled_label("demoTitle", "演示 Demo"))
        self.card_buttons: dict[str, QPushButton] = {}
        for key, label in cards:
            button = self._button(f"放入 Insert\n{label}")
            button.clicked.connect(lambda _=False, k=key: self.card_placed.emit(k))
            self.card_buttons[key] = button
        self.lift_button = self._button("取走证件\nRemove card")
        self.lift_button.clicked.connect(self.card_lifted.emit)
        self.code_button = self._button(f"扫码 Show code\n{code_label}")
        self.code_button.clicked.connect(self.code_shown.emit)
        self.face_button = self._button("人脸 Face\n对准摄像头 In front of camera")
        self.face_button.setCheckable(True)
        self.face_button.toggled.connect(self.face_shown.emit)
        for button in (*self.card_buttons.values(), self.lift_button, self.code_button, self.face_button):
            row.addWidget(button)
        self.state = styled_label("demoState", wrap=True)
        row.addWidget(self.state, 1)

    def _button(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("demo")
        return button

    def show_state(self, text: str) -> None:
        self.state.setText(text)
