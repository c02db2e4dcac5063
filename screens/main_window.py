"""The top-level window: a stack of screens above the status strip, the idle overlay on top.

It is built in two steps so the attract screen is on the glass first: the constructor makes
only what the attract screen shows (cheap imports); `add_screens` adds the service screens
once the rest of the kiosk has loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from screens.attract import AttractScreen
from screens.idle_overlay import IdleOverlay
from screens.staff_call_button import StaffCallButton
from screens.status_strip import StatusStrip

if TYPE_CHECKING:
    from kiosk.catalogue import Catalogue
    from screens.flow.step_screen import StepScreen
    from screens.home import HomeScreen
    from screens.message import MessageScreen


class KioskWindow(QWidget):
    home: HomeScreen
    message: MessageScreen
    step: StepScreen

    def __init__(self, hall: str, terminal_id: str, notices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("自助办税终端 Self-service tax terminal")
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.stack = QStackedWidget()
        self.attract = AttractScreen(hall, terminal_id, notices)
        self.stack.addWidget(self.attract)
        self.strip = StatusStrip(terminal_id)
        self.staff_call = StaffCallButton()
        self.strip.add_action(self.staff_call)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.strip)
        self.overlay = IdleOverlay(self)
        self.allow_close = False

    def add_screens(self, catalogue: Catalogue) -> None:
        """The screens a session uses, behind the attract screen (their imports are the heavy ones)."""
        from screens.flow.step_screen import StepScreen
        from screens.home import HomeScreen
        from screens.message import MessageScreen

        self.home = HomeScreen(catalogue)
        self.message = MessageScreen()
        self.step = StepScreen()
        for screen in (self.home, self.message, self.step):
            self.stack.addWidget(screen)

    def present(self, fullscreen: bool, width: int, height: int) -> None:
        """Fill the screen: without a window manager showFullScreen() alone gives a small window."""
        screen = QGuiApplication.primaryScreen()
        geometry = screen.geometry() if screen else None
        if fullscreen and geometry is not None and geometry.width() >= 640:
            self.setGeometry(geometry)
            self.showFullScreen()
        else:
            self.resize(width, height)
            self.show()

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
