"""Process start-up shared by `kiosk run` and `kiosk demo`: config, logs, Qt, font, window."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QMessageLogContext, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from drivers.printer.device import ReceiptPrinterDevice
from drivers.printer.jobs import JobLedger
from drivers.registry import load_builtin_drivers
from drivers.scanner.wedge import WedgeSettings
from kiosk import preflight
from kiosk.app import KioskApp
from kiosk.bureau_calls import BureauCalls
from kiosk.config import KioskConfig
from kiosk.crash_guard import install_guard
from kiosk.diag.controller import attach_diagnostics
from kiosk.fonts import apply_ui_font
from kiosk.logs import setup_logging
from kiosk.payments import PaymentLedger, Payments
from kiosk.resources import keep_escpos_cache
from kiosk.services import all_flows
from kiosk.sync_client import build_sync, bureau_client, outbox_path
from kiosk.virtual_keyboard import configure_environment
from kiosk.wedge import WedgeScanner
from offline_queue.custody import CustodyError
from offline_queue.outbox import Outbox

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


def build(config: KioskConfig) -> tuple[QApplication, KioskApp]:
    guard = install_guard()  # an error no code caught: logged (masked), a clear screen, never a traceback
    keep_escpos_cache()  # before any printer driver imports escpos
    preflight.enforce(config)  # plain http, key files and modes, PIN hash: raises naming the file or key
    setup_logging(config.paths.logs(), config.logging.level, config.logging.max_bytes, config.logging.backups)
    qInstallMessageHandler(_qt_message)
    configure_environment()  # the virtual keyboard: before the QApplication exists
    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    qt_app.setApplicationName("tax-kiosk")
    apply_ui_font(qt_app)
    try:
        outbox = Outbox.open(outbox_path(config))
    except CustodyError as exc:  # never a fresh outbox where one was, and no crash loop under Restart=always
        return qt_app, _out_of_service(config, qt_app, exc)
    kiosk = KioskApp(config, qt_app, flows=all_flows(), outbox=outbox)
    printer_config = config.devices.get("receipt_printer")
    if printer_config is not None:
        ledger = JobLedger(str(config.paths.data() / "print_jobs.db"))
        kiosk.attach_printer(
            ReceiptPrinterDevice("receipt_printer", printer_config.driver, printer_config.settings, ledger)
        )
    registry = load_builtin_drivers()
    if (reader_config := config.devices.get("id_reader")) is not None:
        kiosk.attach_id_reader(registry.build("id_reader", reader_config))
    if (scanner_config := config.devices.get("scanner")) is not None:
        scanner = registry.build("scanner", scanner_config)
        if isinstance(scanner, WedgeSettings):
            kiosk.attach_wedge(WedgeScanner(scanner.max_gap_s, scanner.min_length, scanner.dedupe_window_s))
        else:
            kiosk.attach_scanner(scanner)
    if (camera_config := config.devices.get("camera")) is not None:
        kiosk.attach_camera(registry.build("camera", camera_config))
    kiosk.bureau = BureauCalls(bureau_client(config), config.bureau.timeout_s)
    kiosk.attach_payments(Payments(PaymentLedger(outbox), kiosk.bureau))
    kiosk.sync = build_sync(config, outbox, devices=kiosk.device_report,
                            on_status=kiosk.sync_status.emit, on_alert=kiosk.sync_alert.emit)
    attach_diagnostics(kiosk)
    _quit_on_signals(qt_app)
    kiosk.attach_guard(guard)
    log.info("kiosk started", extra={"terminal": config.terminal.id, "config": config.source})
    return qt_app, kiosk


def _out_of_service(config: KioskConfig, qt_app: QApplication, exc: CustodyError) -> KioskApp:
    """The kiosk without an outbox: no service starts; diagnostics stay reachable for the technician."""
    kiosk = KioskApp(config, qt_app, flows={})
    attach_diagnostics(kiosk)
    _quit_on_signals(qt_app)
    kiosk.out_of_service(str(exc))
    return kiosk


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
