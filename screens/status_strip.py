"""The strip along the bottom: bureau link and receipt-paper state, for taxpayer and staff."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from screens.style import set_style_property

PAPER_LEVEL = {"full": "good", "low": "warn", "out": "bad", "jammed": "bad", "cover_open": "bad", "unknown": "warn"}
LINK_LEVEL = {"up": "good", "down": "bad", "unknown": "warn"}


class StatusStrip(QWidget):
    def __init__(self, terminal_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("strip")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.link_state = "unknown"
        self.paper_state = "unknown"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)
        self.link = QLabel()
        self.paper = QLabel()
        self.terminal = QLabel(terminal_id)
        layout.addWidget(self.link)
        layout.addSpacing(40)
        layout.addWidget(self.paper)
        layout.addStretch(1)
        layout.addWidget(self.terminal)
        self.retranslate()

    def add_action(self, widget: QWidget) -> None:
        """A button on every screen (呼叫工作人员), left of the terminal id."""
        layout = self.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.insertWidget(layout.indexOf(self.terminal), widget)
        layout.insertSpacing(layout.indexOf(self.terminal), 24)
        layout.setContentsMargins(24, 0, 24, 0)  # the strip grows no taller than the button

    def set_link(self, state: str) -> None:
        self.link_state = state
        self.retranslate()

    def set_paper(self, state: str) -> None:
        self.paper_state = state if state in PAPER_LEVEL else "unknown"
        self.retranslate()

    def retranslate(self) -> None:
        link_text = {
            "up": self.tr("Tax bureau: connected"),
            "down": self.tr("Tax bureau: offline, some services unavailable"),
            "unknown": self.tr("Tax bureau: checking connection"),
        }[self.link_state]
        paper_text = {
            "full": self.tr("Receipt paper: OK"),
            "low": self.tr("Receipt paper: low"),
            "out": self.tr("Receipt paper: empty, printing unavailable"),
            "jammed": self.tr("Receipt printer: paper jam"),
            "cover_open": self.tr("Receipt printer: cover open, printing unavailable"),
            "unknown": self.tr("Receipt paper: status unknown"),
        }[self.paper_state]
        _set_level(self.link, link_text, LINK_LEVEL[self.link_state])
        _set_level(self.paper, paper_text, PAPER_LEVEL[self.paper_state])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _set_level(label: QLabel, text: str, level: str) -> None:
    label.setText(text)
    set_style_property(label, "level", level)
