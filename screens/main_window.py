"""The top-level window: a stack of screens above the status strip, the idle overlay on top."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.catalogue import Catalogue
from screens.attract import AttractScreen
from screens.flow.step_screen import StepScreen
from screens.home import HomeScreen
from screens.idle_overlay import IdleOverlay
from screens.message import MessageScreen
from screens.staff_call_button import StaffCallButton
from screens.status_strip import StatusStrip


class KioskWindow(QWidget):
    def __init__(
        self, catalogue: Catalogue, hall: str, terminal_id: str, notices: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("自助办税终端 Self-service tax terminal")
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.stack = QStackedWidget()
        self.attract = AttractScreen(hall, terminal_id, notices)
        self.home = HomeScreen(catalogue)
        self.message = MessageScreen()
        self.step = StepScreen()
        for screen in (self.attract, self.home, self.message, self.step):
            self.stack.addWidget(screen)
        self.strip = StatusStrip(terminal_id)
        self.staff_call = StaffCallButton()
        self.strip.add_action(self.staff_call)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.strip)
        self.overlay = IdleOverlay(self)
        self.allow_close = False

    def show_screen(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)

    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Closing is for the app itself (shutdown, diagnostics), never a taxpayer's Alt+F4."""
        if self.allow_close:
            event.accept()
        else:
            event.ignore()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        self.overlay.setGeometry(self.rect())
        super().resizeEvent(event)

