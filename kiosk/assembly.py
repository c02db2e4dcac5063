"""The kiosk behind the attract screen: outbox, flows, devices, bureau calls, payments, sync.

Importing this module is the expensive part of start-up (sqlite_utils pulls numpy, the printer
driver python-escpos, the camera OpenCV), so `kiosk.startup` imports it on a worker thread
while the attract screen is already showing, then calls `assemble` on the GUI thread.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtWidgets import QApplication

from drivers.printer.device import ReceiptPrinterDevice
from drivers.printer.jobs import JobLedger
from drivers.registry import BUILTIN_DRIVER_MODULES, load_builtin_drivers
from drivers.scanner.wedge import WedgeSettings
from kiosk.app import KioskApp
from kiosk.bureau_calls import BureauCalls
from kiosk.config import KioskConfig
from kiosk.crash_guard import install_guard
from kiosk.diag.controller import attach_diagnostics
from kiosk.i18n import LanguageSwitcher
from kiosk.logs import PII_REGISTRY
from kiosk.name_ledger import NameLedger
from kiosk.payments import PaymentLedger, Payments
from kiosk.remote_help.attach import attach_remote_help
from kiosk.services import all_flows
from kiosk.sync_client import build_sync, bureau_client, outbox_path
from kiosk.wedge import WedgeScanner
from offline_queue.custody import CustodyError
from offline_queue.outbox import Outbox
from screens.main_window import KioskWindow

log = logging.getLogger(__name__)

# Imported inside functions that `assemble` calls; loaded up front with this module's own imports.
LATER_IMPORTS = (
    *BUILTIN_DRIVER_MODULES,
    "kiosk.services.arrears", "kiosk.services.paying", "kiosk.services.paying_services",
    "screens.flow.step_screen", "screens.home", "screens.message",
)


def preload(config: KioskConfig) -> Outbox | CustodyError:
    """Import everything `assemble` needs and open the outbox (its integrity check reads the whole
    file): worker thread, no QObject is created here."""
    for name in LATER_IMPORTS:
        importlib.import_module(name)
    all_flows()  # imports the services (plain data: flows, steps)
    return open_outbox(config)


def open_outbox(config: KioskConfig) -> Outbox | CustodyError:
    """The outbox that is there, or why not: never created here (`kiosk queue init` on a new terminal)."""
    try:
        return Outbox.open(outbox_path(config))
    except CustodyError as exc:
        return exc


def assemble(config: KioskConfig, qt_app: QApplication, window: KioskWindow, languages: LanguageSwitcher,
             opened: object = None) -> KioskApp:
    """Build the live kiosk around the window already on screen (GUI thread), in the language
    start-up applied, on the outbox `preload` opened (or opening it now)."""
    outbox = opened if isinstance(opened, Outbox | CustodyError) else open_outbox(config)
    if isinstance(outbox, CustodyError):  # out of service, but running: under Restart=always an exit is a crash loop
        return _out_of_service(config, qt_app, window, languages, outbox)
    kiosk = KioskApp(config, qt_app, flows=all_flows(), outbox=outbox, window=window, languages=languages)
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
    kiosk.name_ledger = NameLedger.open(config.paths.data())  # earlier sessions' names, for support bundles
    PII_REGISTRY.ledger = kiosk.name_ledger.add if kiosk.name_ledger is not None else None
    attach_diagnostics(kiosk)
    attach_remote_help(kiosk)
    kiosk.attach_guard(install_guard())
    log.info("kiosk started", extra={"terminal": config.terminal.id, "config": config.source})
    return kiosk


def _out_of_service(config: KioskConfig, qt_app: QApplication, window: KioskWindow, languages: LanguageSwitcher,
                    exc: CustodyError) -> KioskApp:
    """The kiosk without an outbox: no session starts; diagnostics stay reachable for the technician."""
    kiosk = KioskApp(config, qt_app, flows={}, window=window, languages=languages)
    attach_diagnostics(kiosk)
    kiosk.out_of_service(str(exc))
    return kiosk
