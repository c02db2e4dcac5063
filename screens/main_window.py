"""The top-level window: a stack of screens above the status strip, the idle overlay on top.

It is built in two steps so the attract screen is on the glass first: the constructor makes
only what the attract screen shows (cheap imports); `add_screens` adds the service screens
once the rest of the kiosk has loaded.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QHideEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from screens.attract import AttractScreen
from screens.idle_overlay import IdleOverlay
from screens.staff_call_button import StaffCallButton
from screens.status_strip import StatusStrip

if TYPE_CHECKING:
    from kiosk.catalogue import Catalogue
    from screens.flow.step_screen import StepScreen
    from screens.home import HomeScreen
    from screens.message import MessageScreen

log = logging.getLogger(__name__)
RETAKE_MS = 300  # how soon the window takes the screen back after a desktop shell took it away
LOG_EVERY_S = 60.0  # one log line for a shell that keeps trying, not one per attempt


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
        policy = self.staff_call.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the strip keeps its height: nothing jumps when it appears
        self.staff_call.setSizePolicy(policy)
        self.staff_call.hide()  # it can call staff once the kiosk is live (`add_screens`): no blank button before
        self.strip.add_action(self.staff_call)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.strip)
        self.overlay = IdleOverlay(self)
        self.allow_close = False
        self._fullscreen = False
        self._retake = QTimer(self)
        self._retake.setSingleShot(True)
        self._retake.setInterval(RETAKE_MS)
        self._retake.timeout.connect(self._take_screen_back)
        self._why = ""
        self._logged_at = -LOG_EVERY_S

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
        self.staff_call.show()

    def add_demo_panel(self, panel: QWidget) -> None:
        """The demo's control strip (kiosk/demo_control.py), between the screens and the status strip."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, panel)

    def present(self, fullscreen: bool, width: int, height: int) -> None:
        """Fill the screen: without a window manager showFullScreen() alone gives a small window."""
        screen = QGuiApplication.primaryScreen()
        geometry = screen.geometry() if screen else None
        self._fullscreen = bool(fullscreen and geometry is not None and geometry.width() >= 640)
        if self._fullscreen and geometry is not None:
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

    # --- a desktop shell (pilots often run one) must not hide the kiosk for good ----------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and self.windowState() & Qt.WindowState.WindowMinimized:
            self._taken_away("minimised")
        elif event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow() and (
                QApplication.activeWindow() is None and self.isVisible()):
            self._taken_away("covered")  # focus went to another program's window

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        super().hideEvent(event)
        if event.spontaneous():  # hidden by the window system (Super+D), not by the app
            self._taken_away("hidden")

    def _taken_away(self, why: str) -> None:
        if not self.allow_close and not self._retake.isActive():
            self._why = why
            self._retake.start()

    def _take_screen_back(self) -> None:
        """Back on top, fullscreen (if it was) and with the focus, so the next tap reaches the kiosk."""
        if self.allow_close:
            return
        if self.isActiveWindow() and self.isVisible() and not self.windowState() & Qt.WindowState.WindowMinimized:
            return  # it came back by itself
        now = time.monotonic()
        if now - self._logged_at >= LOG_EVERY_S:
            self._logged_at = now
            log.warning("the desktop shell took the screen away; the kiosk window takes it back",
                        extra={"why": self._why})
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        if self._fullscreen:
            self.showFullScreen()
        else:
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        self.overlay.setGeometry(self.rect())
        super().resizeEvent(event)
