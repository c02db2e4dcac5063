"""Builds the running kiosk: config → window, session, idle timeout, link, language, theme.

`KioskApp` is the controller: screens only emit what was tapped; the decisions (what a tap
means, when a session ends, what is wiped) are made here, where tests can drive them.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Signal
from PySide6.QtWidgets import QApplication

from drivers.printer.device import ReceiptPrinterDevice
from drivers.supervisor import Supervisor, supervise_id_reader, supervise_printer, supervise_scanner
from kiosk import stops
from kiosk.bureau_calls import BureauCalls
from kiosk.catalogue import Catalogue, load_catalogue
from kiosk.check_visit_services import bind_check_visit_services
from kiosk.config import KioskConfig
from kiosk.crash_guard import CrashGuard
from kiosk.device_bridge import DeviceBridge
from kiosk.flow.engine import Action, ActionError, FlowEngine
from kiosk.flow.model import ServiceFlow, Step, StepKind
from kiosk.hall_board import bind_hall_board
from kiosk.i18n import LanguageSwitcher
from kiosk.identify_devices import IdentifyByDevices
from kiosk.idle import IdleWatcher
from kiosk.input_guard import InputGuard
from kiosk.link import BureauLink, LinkState
from kiosk.lockdown import Lockdown
from kiosk.logs import PII_REGISTRY
from kiosk.name_ledger import NameLedger
from kiosk.offline_notice import offline_notice
from kiosk.payment_watch import PaymentWatch
from kiosk.payments import Payments
from kiosk.services.rating import RATE_ACTION, record_rating
from kiosk.services.record_actions import bind_record_services
from kiosk.services.tickets import PRINT_ACTION as PRINT_TICKET
from kiosk.services.tickets import print_ticket
from kiosk.session import Session
from kiosk.staff_call import bind_staff_call
from kiosk.sync_client import TlsPolicy
from kiosk.tasks import TaskRunner
from kiosk.theme import stylesheet
from kiosk.wedge import WedgeScanner
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker
from screens.main_window import KioskWindow

log = logging.getLogger(__name__)


class KioskApp(QObject):
    sync_status = Signal(object)  # SyncStatus, from the outbox sync thread
    sync_alert = Signal(str)
    def __init__(
        self, config: KioskConfig, qt_app: QApplication, catalogue: Catalogue | None = None,
        flows: dict[str, ServiceFlow] | None = None, actions: dict[str, Action] | None = None,
        outbox: Outbox | None = None, window: KioskWindow | None = None, languages: LanguageSwitcher | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.qt_app = qt_app
        self.catalogue = catalogue or load_catalogue()
        self.runner = TaskRunner(parent=self)
        self.lockdown = Lockdown(parent=self)
        self.guard = InputGuard(config.touch.settle_ms, config.touch.repeat_ms, parent=self)
        self.languages = languages or LanguageSwitcher()  # kiosk.startup's, already applied to the first screen
        self.session = Session(config.session.default_language, parent=self)
        self.idle = IdleWatcher(config.session.idle_timeout_s, config.session.countdown_s, parent=self)
        self.link = BureauLink(
            self.runner, config.bureau.url, config.bureau.timeout_s, config.bureau.health_interval_s, parent=self,
            tls=TlsPolicy.of(config.bureau),
        )
        self.flows = dict(flows or {})
        self.outbox = outbox
        self._guard: tuple[CrashGuard, QMetaObject.Connection] | None = None
        self.refusing: str | None = None  # why no session may start (out of service), for the technician
        self.name_ledger: NameLedger | None = None  # set by kiosk.assembly
        self.sync: SyncWorker | None = None  # started with the window, stopped at shutdown
        self.bureau: BureauCalls | None = None  # service actions' bureau calls (set by kiosk.startup)
        self.devices = DeviceBridge(parent=self)
        self.printer: ReceiptPrinterDevice | None = None
        self.id_reader: Any = None  # drivers.idcard.reader.SamReader
        self.scanner: Any = None  # drivers.scanner.serial_scanner.SerialScanner
        self.camera: Any = None  # drivers.camera.capture.CameraScanner
        self.wedge: WedgeScanner | None = None
        self.diagnostics: Any = None  # kiosk.diag.controller.Diagnostics (bound by kiosk.startup)
        self.remote_help: Any = None  # kiosk.remote_help.controller.RemoteHelp (bound by kiosk.assembly)
        self._supervisors: list[Supervisor] = []  # started with the window, stopped at shutdown
        bound = dict(actions or {})
        if outbox is not None:
            bound.setdefault(RATE_ACTION, lambda context: record_rating(outbox, context))
        self.engine = FlowEngine(self.runner, bound, parent=self)
        self.payments: Payments | None = None  # set by attach_payments when the bureau is configured
        self.payment_watch = PaymentWatch(self.runner, self.engine, lambda: self.payments, config.bureau.timeout_s,
                                          parent=self)
        self.check_visit = bind_check_visit_services(self)
        t = config.terminal
        self.window = window or KioskWindow(t.hall, t.id, t.notices)  # kiosk.startup shows it first
        self.window.add_screens(self.catalogue)
        self.identify = IdentifyByDevices(self.devices, None, self.engine, self.window.step, parent=self)
        self._wire()
        self.records = bind_record_services(self)
        self.hall_board = bind_hall_board(self)
        self.staff_call = bind_staff_call(self)
        self._apply_language(self.session.language)
        self._apply_elder(False)

    def _wire(self) -> None:
        w = self.window
        self.guard.install(self.qt_app)  # first: the filters installed after it see input before it
        self.qt_app.installEventFilter(self.idle)
        self.qt_app.installEventFilter(self.lockdown)
        w.attract.touched.connect(self.start_session)
        w.home.language_toggled.connect(self.session.toggle_language)
        w.home.elder_toggled.connect(lambda: self.session.set_elder_mode(not self.session.elder_mode))
        w.home.end_requested.connect(lambda: self.session.end("cancelled"))
        w.home.service_chosen.connect(self.choose_service)
        w.message.back_clicked.connect(lambda: w.show_screen(w.home))
        w.overlay.continue_clicked.connect(self.continue_session)
        self.session.language_changed.connect(self._apply_language)
        self.session.elder_mode_changed.connect(self._apply_elder)
        self.session.ended.connect(self._on_session_ended)
        self.idle.countdown_started.connect(w.overlay.show_countdown)
        self.idle.countdown_tick.connect(w.overlay.set_remaining)
        self.idle.countdown_cancelled.connect(w.overlay.hide)
        self.idle.expired.connect(lambda: self.session.end("timeout"))
        self.link.changed.connect(self._on_link)
        self.devices.status_changed.connect(self._on_device_status)
        self.devices.code_scanned.connect(self._on_scan)
        self.sync_alert.connect(self._on_sync_alert)
        self.engine.step_entered.connect(self._show_step)
        self.engine.busy.connect(w.step.set_busy)
        self.engine.busy.connect(self.idle.hold)
        self.engine.failed.connect(self._show_action_error)
        self.engine.step_done.connect(self._on_step_done)
        self.engine.skip = lambda step: step.kind is StepKind.RATE and bool(self.session.get("rated"))
        self.engine.finished.connect(self._on_flow_finished)
        w.stack.currentChanged.connect(lambda _i: self.guard.screen_changed(w.stack.currentWidget()))
        self.engine.step_entered.connect(lambda _step: self.guard.screen_changed(w.step))  # after it is drawn
        self.engine.failed.connect(lambda _error: self.guard.screen_changed(w.step))  # Next now means "Try again"
        self.idle.countdown_started.connect(lambda _s: self.guard.screen_changed(w.overlay))
        w.step.submitted.connect(self._on_step_submitted)
        w.step.back_clicked.connect(self.engine.back)
        w.step.cancel_clicked.connect(self._on_step_cancel)
        pay = self.payment_watch
        pay.countdown.connect(w.step.set_countdown)
        pay.notice.connect(w.step.show_banner)
        pay.holding.connect(self.idle.hold)
        pay.ended.connect(self._on_payment_ended)

    # --- out of service and faults (kiosk/stops.py) ---------------------------------------
    def out_of_service(self, technician: str) -> None:
        stops.out_of_service(self, technician)

    def show_fault(self, kind: str) -> None:
        stops.fault(self, kind)

    def attach_guard(self, guard: CrashGuard) -> None:
        self._guard = (guard, guard.fault.connect(self.show_fault))

    def _on_sync_alert(self, text: str) -> None:
        log.warning("outbox alert", extra={"alert": text})
        if self.outbox is not None and (reason := self.outbox.refused()) is not None:
            self.out_of_service(reason)

    # --- session -------------------------------------------------------------------------
    def start_session(self) -> None:
        if self.refusing is not None:
            return
        self.session.start()
        self.idle.arm()
        self.window.show_screen(self.window.home)

    def continue_session(self) -> None:
        self.window.overlay.hide()
        self.idle.keep_alive()

    def _on_session_ended(self, reason: str) -> None:
        self.idle.disarm()
        token = self.bureau.drop_taxpayer() if self.bureau is not None else None
        if token is not None and self.bureau is not None:  # the visit's bureau session ends with it
            calls = self.bureau
            self.runner.submit(lambda: calls.end_at_bureau(token), timeout_s=10.0, name="end taxpayer session")
        self.payment_watch.give_up("session")  # the order is closed even though nobody is there to see it
        self.engine.cancel()
        w = self.window
        w.overlay.hide()
        w.message.clear()
        w.step.clear()
        w.show_screen(w.attract)

    # --- services --------------------------------------------------------------------------
    def choose_service(self, service_id: str) -> None:
        service = self.catalogue.get(service_id)
        w = self.window
        name = service.title.get(self.session.language)
        if service.needs_bureau and self.link.state == LinkState.DOWN:
            w.message.show_message(
                name,
                offline_notice(self.catalogue, self._can_start, self.session.language),
                QCoreApplication.translate("KioskApp", "Back to services"),
            )
        elif service_id in self.flows and all(self.engine.skip(s) for s in self.flows[service_id].steps):
            w.message.show_message(
                name,
                QCoreApplication.translate("KioskApp", "You have already rated this visit. Thank you!"),
                QCoreApplication.translate("KioskApp", "Back to services"),
            )
        elif self._can_start(service_id):
            log.info("service chosen", extra={"service": service_id})
            self.engine.start(self.flows[service_id], {"terminal_id": self.config.terminal.id, "service": service_id})
            return
        else:
            w.message.show_message(
                name,
                QCoreApplication.translate(
                    "KioskApp", "This service is not yet open on this terminal. Please ask at the service counter."
                ),
                QCoreApplication.translate("KioskApp", "Back to services"),
            )
        log.info("service chosen", extra={"service": service_id})
        w.show_screen(w.message)

    def _can_start(self, service_id: str) -> bool:
        return service_id in self.flows and not self.engine.missing_actions(self.flows[service_id])

    def _show_step(self, step: Step) -> None:
        flow = self.engine.flow
        assert flow is not None
        w = self.window
        self._camera_wanted("qr" if step.kind is StepKind.SCAN else "")  # asked again by an identify step
        w.step.show_step(step, self.engine.context, *self.engine.position(), self.session.language)
        w.step.back_button.setVisible(self.engine.can_go_back())
        w.step.cancel_button.setVisible(self.engine.can_cancel())
        w.show_screen(w.step)

    def _on_step_done(self, step: Step, result: object) -> None:
        if step.kind is StepKind.RATE and self.engine.context.get("rating") is not None:
            self.session.put("rated", True)  # one rating per visit (a skipped one leaves it open)

    def _on_step_submitted(self, values: dict[str, Any]) -> None:
        if self.payment_watch.active:
            self.payment_watch.ask()  # "I have paid": ask the bureau, never assume, and say what it found
        else:
            self.engine.submit(values)

    def _on_step_cancel(self) -> None:
        if self.payment_watch.active:
            self.payment_watch.give_up("cancelled")  # close the order first; a payment that won goes on
        else:
            self.engine.cancel()

    def _on_payment_ended(self, why: str, text: str) -> None:
        flow = self.engine.flow
        self.engine.cancel()
        if not self.session.active or flow is None:
            return
        w = self.window
        w.message.show_message(flow.title.get(self.session.language), text,
                               QCoreApplication.translate("KioskApp", "Back to services"))
        w.show_screen(w.message)

    def attach_payments(self, payments: Payments) -> None:
        """Paying services need the bureau and a printer; open orders from before a restart are closed now."""
        from kiosk.services.arrears import bind_arrears
        from kiosk.services.paying import OPEN_ACTION, VOUCHER_ACTION, open_order, voucher_action
        from kiosk.services.paying_services import bind_paying_services

        self.payments = payments
        bind_arrears(self.engine.bind, payments.bureau, self.records.face)
        bind_paying_services(self, payments.bureau)
        self.engine.bind(OPEN_ACTION, lambda context: open_order(payments, context))
        self.engine.bind(VOUCHER_ACTION, voucher_action(payments, self.records.printer))
        self.reconcile_payments(at_start=True)
        self.link.changed.connect(lambda state: self.reconcile_payments() if state == LinkState.UP else None)

    def reconcile_payments(self, at_start: bool = False) -> None:
        payments = self.payments
        if payments is None:
            return

        def settled(paid: list[Any]) -> None:
            if paid:
                log.warning("payments confirmed after the fact; their vouchers are owed",
                            extra={"orders": [p.order_id for p in paid]})

        self.runner.submit(lambda: payments.reconcile(at_start), self.config.bureau.timeout_s * 10,
                           name="payments reconcile", on_success=settled,
                           on_failure=lambda exc: log.warning("payments not reconciled", extra={
                               "error": type(exc).__name__}))

    def _show_action_error(self, error: ActionError) -> None:
        step = self.engine.step
        self.window.step.show_error(error.message.text(), retry=bool(step and step.auto and error.retry))

    def _on_flow_finished(self, reason: str) -> None:
        w = self.window
        w.step.clear()
        if self.session.active:
            w.show_screen(w.home)

    # --- look and language ------------------------------------------------------------------
    def _apply_language(self, language: str) -> None:
        self.languages.apply(language)
        self.window.home.set_language(language)

    def _apply_elder(self, on: bool) -> None:
        self.guard.settle_ms = self.config.touch.elder_settle_ms if on else self.config.touch.settle_ms
        self.window.setStyleSheet(stylesheet(on))
        self.window.home.set_elder_mode(on)

    def device_report(self) -> dict[str, dict[str, str]]:
        """Cached device fields for heartbeats (called from the sync thread; never blocks)."""
        report = {self.printer.name: self.printer.fields()} if self.printer is not None else {}
        if self.records.a4_state is not None:
            report["a4_printer"] = self.records.a4_state
        for device in (self.id_reader, self.scanner, self.camera):
            if device is not None:
                report[device.device] = device.status.snapshot().as_dict()
        return report

    def attach_id_reader(self, reader: Any) -> None:
        """A card on the reader answers an identify step; the reader is polled from `show()` on."""
        self.id_reader = reader
        self.devices.attach_status(reader.status)
        self.identify.reader_status = reader.status
        self._supervisors.append(supervise_id_reader(reader, self.devices.on_card_result))

    def attach_scanner(self, scanner: Any) -> None:
        """Scanned codes arrive as `devices.code_scanned`; the scanner is read from `show()` on."""
        self.scanner = scanner
        self.devices.attach_status(scanner.status)
        self._supervisors.append(supervise_scanner(scanner, self.devices.on_scan_result))

    def attach_wedge(self, wedge: WedgeScanner) -> None:
        """A keyboard-wedge scanner: its bursts are taken out of the key events before any widget sees them."""
        wedge.setParent(self)
        self.wedge = wedge
        self.qt_app.installEventFilter(wedge)
        wedge.scanned.connect(self._on_scan)

    def attach_camera(self, camera: Any) -> None:
        """The camera reads codes too, but only while a step asks for a code (see `_camera_wanted`)."""
        self.camera = camera
        camera.active = False
        self.devices.attach_status(camera.status)
        self._supervisors.append(supervise_scanner(camera, self.devices.on_scan_result, interval_s=0.05))
        self.window.step.identify_method_changed.connect(self._camera_wanted)
        self.engine.finished.connect(lambda _reason: self._camera_wanted(""))

    def _camera_wanted(self, method: str) -> None:
        if self.camera is not None:
            self.camera.active = method == "qr"

    def _on_scan(self, payload: str) -> None:
        if not self.identify.on_scan(payload):
            log.info("scanned code ignored: no step is waiting for one")

    def attach_printer(self, printer: ReceiptPrinterDevice) -> None:
        self.printer = printer
        self.devices.attach_status(printer.status)
        self._supervisors.append(supervise_printer(printer))
        hall = self.config.terminal.hall
        self.engine.bind(PRINT_TICKET, lambda context: print_ticket(printer, hall, context))

    def _on_device_status(self, name: str, fields: dict[str, str]) -> None:
        if self.printer is not None and name == self.printer.name:
            current = self.printer.fields()  # cached: the whole picture, not just what changed
            self.window.strip.set_paper("cover_open" if current.get("cover") == "open" else current["paper"])

    def _on_link(self, state: str) -> None:
        self.window.strip.set_link(state)
        self.window.home.set_link_up(state != LinkState.DOWN)

    # --- window ------------------------------------------------------------------------------
    def show(self, fullscreen: bool) -> None:
        self.window.present(fullscreen, self.config.display.width, self.config.display.height)
        self.start()

    def start(self) -> None:
        """Bureau link, devices and sync begin; the window is already up (`show`, or kiosk.startup)."""
        self.link.start()
        for supervisor in self._supervisors:
            supervisor.start()
        if self.sync is not None:
            self.sync.start()

    def shutdown(self) -> None:
        self.window.allow_close = True
        if self._guard is not None:
            self._guard[0].fault.disconnect(self._guard[1])
        if self.name_ledger is not None and PII_REGISTRY.ledger == self.name_ledger.add:
            PII_REGISTRY.ledger = None
        if self.diagnostics is not None:
            self.diagnostics.shutdown()
        if self.remote_help is not None:
            self.remote_help.shutdown()
        self.qt_app.removeEventFilter(self.lockdown)
        self.qt_app.removeEventFilter(self.idle)
        self.guard.remove(self.qt_app)
        if self.wedge is not None:
            self.qt_app.removeEventFilter(self.wedge)
        self.link.stop()
        self.devices.stop()
        for supervisor in self._supervisors:
            supervisor.stop()
        for device in (self.id_reader, self.scanner):  # a simulated device's pty thread goes with the app
            if device is not None and device.simulator is not None:
                device.simulator.stop()
        if self.printer is not None:
            self.printer.close()
        if self.sync is not None:
            self.sync.stop()
        self.session.end("shutdown")
        self.runner.shutdown()
        self.languages.remove()
        if self.outbox is not None:
            self.outbox.close()
