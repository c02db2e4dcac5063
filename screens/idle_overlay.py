"""The "are you still there?" countdown laid over whatever screen is showing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from screens.style import padded_column, styled_label


class IdleOverlay(QWidget):
    continue_clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.remaining = 0
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        dialog = QFrame()
        dialog.setObjectName("dialog")
        dialog.setMinimumWidth(900)
        box = padded_column(dialog, (60, 40), 24)
        self.question = styled_label("title", center=True)
        self.countdown = styled_label("countdown", center=True)
        self.explain = styled_label("body", center=True, wrap=True)
        self.continue_button = QPushButton()
        self.continue_button.setMinimumHeight(100)
        self.continue_button.clicked.connect(self.continue_clicked.emit)
        for w in (self.question, self.countdown, self.explain, self.continue_button):
            box.addWidget(w)
        outer.addWidget(dialog)
        self.hide()
        self.retranslate()

    def show_countdown(self, seconds: int) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.set_remaining(seconds)
        self.show()
        self.raise_()

    def set_remaining(self, seconds: int) -> None:
        self.remaining = seconds
        self.retranslate()

    def retranslate(self) -> None:
        self.question.setText(self.tr("Are you still there?"))
        self.countdown.setText(str(self.remaining))
        self.explain.setText(
            self.tr("For your privacy, when the countdown reaches zero this session ends "
                    "and your details are cleared.")
        )
        self.continue_button.setText(self.tr("Continue"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
