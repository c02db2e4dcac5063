"""呼叫工作人员: the button on every screen (in the status strip) that calls staff to this terminal.

It only draws the call's state and says what was tapped; `kiosk/staff_call.py` makes the call.
A later way to ask for help (a video call) joins as another `how` through `ask`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from screens.style import set_style_property


class StaffCallButton(QPushButton):
    ask = Signal(str)  # how: "staff" (come to the terminal); others may be added (e.g. "video")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffCall")
        self.clicked.connect(lambda: self.ask.emit("staff"))

    def show_state(self, text: str, state: str) -> None:
        """state: idle | calling | called | failed (the stylesheet colours it; only idle can be tapped)."""
        self.setText(text)
        self.setEnabled(state in ("idle", "failed"))
        set_style_property(self, "state", state)
