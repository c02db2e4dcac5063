"""Process start-up shared by `kiosk run`, `kiosk demo` and the tests: paint first, then the rest.

A terminal is judged in its first second, so `open_window` puts the attract screen on the glass
with nothing but Qt, the font and the config loaded; `GoLive` then imports the heavy rest
(kiosk.assembly: outbox, devices, sync, flows) on a worker thread and assembles it around the
window. A touch before then is answered ("正在准备…") and starts the session when ready.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from kiosk import preflight, pyside_imports
from kiosk.config import KioskConfig
from kiosk.crash_guard import install_guard
from kiosk.fonts import apply_ui_font
from kiosk.i18n import LanguageSwitcher
from kiosk.logs import setup_logging
from kiosk.resources import keep_escpos_cache
from kiosk.tasks import TaskRunner
from kiosk.theme import stylesheet
from kiosk.virtual_keyboard import configure_environment
from screens.main_window import KioskWindow

if TYPE_CHECKING:
    from kiosk.app import KioskApp

log = logging.getLogger(__name__)


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def use_offscreen() -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


# Qt messages that say nothing a technician could act on.
_QT_NOISE = ("This plugin does not support propagateSizeHints()",)
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Send Qt's own warnings to our structured log instead of stderr."""
    if message not in _QT_NOISE:
        logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), message)


def _quit_on_signals(qt_app: QApplication) -> None:
    """SIGTERM (systemd stop) and SIGINT leave the event loop cleanly so shutdown code runs.

    Python handles signals only when it runs bytecode, so a light timer gives it the chance
    while Qt's event loop is waiting in C++.
    """
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: qt_app.exit(0))  # exit, not quit: the kiosk window refuses close
    wake = QTimer(qt_app)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def open_window(config: KioskConfig) -> tuple[QApplication, KioskWindow, LanguageSwitcher]:
    """Everything the attract screen needs and nothing more: config checks, logs, Qt, font, window,
    and the default language (the status strip is translated from its first paint); hand the
    switcher to `assemble`."""
    install_guard()  # an error no code caught: logged (masked), a clear screen, never a traceback
    pyside_imports.install()  # before kiosk.assembly's heavy imports
    keep_escpos_cache()  # before any printer driver imports escpos
    preflight.enforce(config)  # plain http, key files and modes, PIN hash: raises naming the file or key
    setup_logging(config.paths.logs(), config.logging.level, config.logging.max_bytes, config.logging.backups)
    qInstallMessageHandler(_qt_message)
    configure_environment()  # the virtual keyboard: before the QApplication exists
    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    qt_app.setApplicationName("tax-kiosk")
    apply_ui_font(qt_app)
    languages = LanguageSwitcher()
    languages.apply(config.session.default_language)  # before the window: its texts are made translated
    t = config.terminal
    window = KioskWindow(t.hall, t.id, t.notices)
    window.setStyleSheet(stylesheet(False))
    _quit_on_signals(qt_app)
    return qt_app, window, languages


def build(config: KioskConfig) -> tuple[QApplication, KioskApp]:
    """The whole kiosk at once, window not yet shown (tests, self-test, demo)."""
    from kiosk.assembly import assemble

    qt_app, window, languages = open_window(config)
    return qt_app, assemble(config, qt_app, window, languages)


class GoLive(QObject):
    """Turns the attract screen on the glass into the live kiosk without blocking it.

    `start()` loads kiosk.assembly on a worker thread; back on the GUI thread it is assembled
    and `on_live(kiosk)` called. Touches meanwhile show "getting ready" and one session starts
    when live. `on_error(exc)` if loading or assembling fails (a broken install, a bad key).
    """

    LOAD_TIMEOUT_S = 300.0  # a cold boot on a slow disk; a hang beyond that is a broken install

    def __init__(self, config: KioskConfig, qt_app: QApplication, window: KioskWindow, languages: LanguageSwitcher,
                 on_live: Callable[[KioskApp], None], on_error: Callable[[Exception], None]) -> None:
        super().__init__(qt_app)
        self._config, self._qt_app, self._window, self._languages = config, qt_app, window, languages
        self._on_live, self._on_error = on_live, on_error
        self._runner: TaskRunner | None = None
        self._touched = False
        window.attract.touched.connect(self._early_touch)

    def start(self) -> None:
        if self._runner is not None:
            return
        self._runner = TaskRunner(max_workers=1, parent=self)
        config = self._config
        self._runner.submit(lambda: _preload(config), self.LOAD_TIMEOUT_S, on_success=self._assemble,
                            on_failure=self._failed, name="load the kiosk")

    def start_after_paint(self, fallback_ms: int = 1000) -> None:
        """Begin once the attract screen has painted (the worker would slow that paint), or after a moment."""
        self._paint = FirstPaint(lambda _t: self.start())
        self._window.attract.installEventFilter(self._paint)
        QTimer.singleShot(fallback_ms, self.start)

    def _early_touch(self) -> None:
        self._touched = True
        self._window.attract.set_preparing(True)

    def _assemble(self, opened: object) -> None:
        from kiosk.assembly import assemble

        self._stop_runner()
        try:
            kiosk = assemble(self._config, self._qt_app, self._window, self._languages, opened)
        except Exception as exc:  # a bad key or a broken outbox: named by on_error, not a traceback
            self._failed(exc)
            return
        self._window.attract.touched.disconnect(self._early_touch)
        self._window.attract.set_preparing(False)
        self._on_live(kiosk)
        if self._touched:
            kiosk.start_session()

    def _failed(self, exc: Exception) -> None:
        self._stop_runner()
        log.error("kiosk could not start", extra={"error": f"{type(exc).__name__}: {exc}"})
        self._on_error(exc)

    def _stop_runner(self) -> None:
        if self._runner is not None:
            self._runner.shutdown()


def _preload(config: KioskConfig) -> object:
    import kiosk.assembly

    return kiosk.assembly.preload(config)


class FirstPaint(QObject):
    """Reports once when a widget has painted: the moment a person first sees the screen."""

    def __init__(self, callback: Callable[[float], None]) -> None:
        super().__init__()
        self._callback = callback
        self._done = False

    def eventFilter(self, watched: QObject, event: object) -> bool:  # noqa: N802 (Qt API)
        from PySide6.QtCore import QEvent

        if not self._done and getattr(event, "type", lambda: None)() == QEvent.Type.Paint:
            self._done = True
            QTimer.singleShot(0, lambda: self._callback(time.time()))
        return False
