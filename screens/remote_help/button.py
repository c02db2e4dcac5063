"""The 视频帮办 button in the status strip, on every screen; its reason in its place when unavailable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class RemoteHelpButton(QWidget):
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton()
        self.button.setObjectName("remoteHelpButton")
        self.button.clicked.connect(self.clicked)
        self.reason = QLabel()
        layout.addWidget(self.button)
        layout.addWidget(self.reason)
        self._why = ""
        self.retranslate()
        self.set_available(False, "")

    def set_available(self, available: bool, why: str) -> None:
        """Show the button, or in its place why video help is not offered now."""
        self._why = why
        self.button.setVisible(available)
        self.reason.setVisible(not available and bool(why))
        self.reason.setText(why)

    def retranslate(self) -> None:
        self.button.setText(self.tr("Video help 视频帮办"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
