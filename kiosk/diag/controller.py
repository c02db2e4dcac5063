"""Diagnostics mode: entry, the sections and what their buttons do, all audited.

The screens (screens/diag/pages.py) only draw and emit taps; this controller decides and does
the work in TaskRunner workers (PIN hashing, device tests, outbox, network, files), so the GUI
thread never waits. Every entry, refusal and action goes to the bureau through the outbox.
Entering ends any taxpayer session first, so nothing of it is on screen behind diagnostics.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer

from kiosk.diag import checks
from kiosk.diag.access import (
    CardVerdict,
    CornerGesture,
    PinLockout,
    RevocationList,
    check_card_offline,
    looks_like_card,
    verify_pin,
)
from kiosk.diag.audit import Audit
from kiosk.diag.commands import CommandRunner
from kiosk.diag.report import config_text, log_line, log_tail, outbox_stats
from kiosk.flow.engine import ActionError
from kiosk.idle import IdleWatcher
from kiosk.selftest import SelfTestContext, run_checks
from kiosk.services.paying import print_voucher
from screens.diag.pages import DiagPage, DiagScreen
from taxcore.money import yuan

if TYPE_CHECKING:
    from kiosk.app import KioskApp

log = logging.getLogger(__name__)


SECTION_ACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "devices": (("refresh", str(QT_TRANSLATE_NOOP("Diagnostics", "Refresh"))),),
    "selftest": (
        ("print_test", str(QT_TRANSLATE_NOOP("Diagnostics", "Print test page"))),
        ("scan_test", str(QT_TRANSLATE_NOOP("Diagnostics", "Scan test"))),
        ("id_test", str(QT_TRANSLATE_NOOP("Diagnostics", "ID card read test"))),
        ("camera", str(QT_TRANSLATE_NOOP("Diagnostics", "Camera preview"))),
        ("all", str(QT_TRANSLATE_NOOP("Diagnostics", "Run every device test"))),
    ),
    "outbox": (
        ("refresh", str(QT_TRANSLATE_NOOP("Diagnostics", "Refresh"))),
        ("retry", str(QT_TRANSLATE_NOOP("Diagnostics", "Retry rejected"))),
        ("export", str(QT_TRANSLATE_NOOP("Diagnostics", "Export"))),
    ),
    "network": (("run", str(QT_TRANSLATE_NOOP("Diagnostics", "Run network test"))),),
    "config": (),
    "logs": (
        ("all", str(QT_TRANSLATE_NOOP("Diagnostics", "All"))),
        ("warning", str(QT_TRANSLATE_NOOP("Diagnostics", "Warnings"))),
        ("error", str(QT_TRANSLATE_NOOP("Diagnostics", "Errors"))),
        ("drivers", str(QT_TRANSLATE_NOOP("Diagnostics", "Devices"))),
        ("offline_queue", str(QT_TRANSLATE_NOOP("Diagnostics", "Outbox"))),
        ("kiosk.diag", str(QT_TRANSLATE_NOOP("Diagnostics", "Diagnostics"))),
    ),
    "jobs": (("refresh", str(QT_TRANSLATE_NOOP("Diagnostics", "Refresh"))),),
    "system": (
        ("bundle", str(QT_TRANSLATE_NOOP("Diagnostics", "Write support bundle"))),
        ("restart", str(QT_TRANSLATE_NOOP("Diagnostics", "Restart app"))),
        ("reboot", str(QT_TRANSLATE_NOOP("Diagnostics", "Reboot"))),
        ("shutdown", str(QT_TRANSLATE_NOOP("Diagnostics", "Shut down"))),
    ),
}
REPRINT = str(QT_TRANSLATE_NOOP("Diagnostics", "Reprint"))
PRINT_VOUCHER = str(QT_TRANSLATE_NOOP("Diagnostics", "Print voucher"))
POWER_ACTIONS = ("restart", "reboot", "shutdown")
CONFIRM_S = 6.0  # the confirmation's window, counted down on screen
CONFIRM_PAUSE_S = 1.0  # the confirm button takes taps only after this: a double tap is no confirmation
PREVIEW_MS = 300
WORK_TIMEOUT_S = 30.0


def translated(source: str, **args: Any) -> str:
    """A source text marked elsewhere with QT_TRANSLATE_NOOP("Diagnostics", ...)."""
    return QCoreApplication.translate("Diagnostics", source).format(**args)


class Diagnostics(QObject):
    def __init__(self, kiosk: KioskApp, commands: CommandRunner | None = None) -> None:
        super().__init__(kiosk)
        self.kiosk = kiosk
        config = kiosk.config.diagnostics
        data = kiosk.config.paths.data()
        self.commands = commands or CommandRunner(kiosk.qt_app.exit)
        self.audit = Audit(kiosk.outbox, kiosk.runner, kiosk.config.terminal.id)
        self.lockout = PinLockout(data / "diag_entry.json", config.max_failures, config.lockout_s)
        self.revocations = RevocationList(data / "technician_cards_revoked.json")
        self._screen: DiagScreen | None = None  # built when first opened: most terminals never show it
        self.gesture = CornerGesture(kiosk.window, config.gesture_window_s, parent=self)
        kiosk.qt_app.installEventFilter(self.gesture)
        # An open diagnostics left behind is a public terminal with its doors open: it closes itself.
        # Watching only while open (`_watch_idle`): a filter on the application costs every event of the
        # day a trip into Python, and the GIL, which the GUI thread waits for while workers hold it.
        self.idle = IdleWatcher(config.idle_exit_s, 1, parent=self)
        self.active = False
        self._checking = False
        self._confirming: tuple[str, float] | None = None  # a power action waiting for its confirmation
        self._confirm_timer = QTimer(self)
        self._confirm_timer.setInterval(200)
        self._confirm_timer.timeout.connect(self._confirm_tick)
        self._log_filter = "all"
        self._technician = ""
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self._show_lock)
        self._preview_timer = QTimer(self)
        self._preview_timer.setInterval(PREVIEW_MS)
        self._preview_timer.timeout.connect(self._preview_tick)
        self._preview_busy = False
        self._wire()

    @property
    def screen(self) -> DiagScreen:
        """The diagnostics screens, built and wired on first use (about 5 MB and a tenth of start-up)."""
        if self._screen is None:
            self._screen = s = DiagScreen(SECTION_ACTIONS)
            self.kiosk.window.stack.addWidget(s)
            self._wire_screen(s)
        return self._screen

    def _wire(self) -> None:
        k = self.kiosk
        self.gesture.recognised.connect(self.open_entry)
        self.idle.expired.connect(self._idle_exit)
        k.session.language_changed.connect(lambda _language: self._show_who())
        k.devices.status_changed.connect(self._on_status)
        k.devices.code_scanned.connect(self.on_code)
        if k.wedge is not None:
            k.wedge.scanned.connect(self.on_code)

    def _wire_screen(self, s: DiagScreen) -> None:
        k = self.kiosk
        s.currentChanged.connect(lambda _i: k.guard.screen_changed(s.currentWidget()))
        s.entry.submitted.connect(self.check_pin)
        s.entry.cancelled.connect(self._cancel_entry)
        s.menu.chosen.connect(self.open_section)
        s.menu.leave_clicked.connect(lambda: self.leave())
        s.menu.language_clicked.connect(k.session.toggle_language)
        for key, page in s.pages.items():
            page.action.connect(lambda action, key=key: self._on_action(key, action))
            page.back_clicked.connect(self._stop_preview)
            page.back_clicked.connect(self._drop_confirm)

    # --- entry -------------------------------------------------------------------------------
    def _show(self, widget: Any) -> None:
        self.kiosk.window.show_screen(self.screen)
        self.screen.setCurrentWidget(widget)

    def open_entry(self) -> None:
        if self.active:
            return
        self.audit.record("entry_gesture")
        self._watch_idle(True)
        self.screen.entry.reset()
        self._show(self.screen.entry)
        self._show_lock()

    def _cancel_entry(self) -> None:
        self._watch_idle(False)
        self.screen.entry.reset()
        w = self.kiosk.window
        w.show_screen(w.home if self.kiosk.session.active else w.attract)

    def _show_lock(self) -> None:
        remaining = self.lockout.remaining_s()
        entry = self.screen.entry
        if remaining > 0:
            entry.set_locked(True)
            entry.show_problem(self.tr("Too many wrong PINs. Entry is locked for {seconds} s.").format(
                seconds=math.ceil(remaining)))
            self._lock_timer.start()
        elif self._lock_timer.isActive():  # the lockout has just ended: its message goes with it
            self._lock_timer.stop()
            entry.clear_problem()
            if not self._checking:
                entry.set_locked(False)
        elif not self._checking:
            entry.set_locked(False)

    def check_pin(self, pin: str) -> None:
        if self._checking or self.lockout.remaining_s() > 0:
            return
        stored = self.kiosk.config.diagnostics.pin_hash
        if not stored:
            self.screen.entry.show_problem(self.tr("No technician PIN is set on this terminal. Use a technician card."))
            return
        if not pin:
            return
        self._checking = True
        self.screen.entry.set_locked(True)
        lockout = self.lockout

        def work() -> tuple[bool, float, int]:
            if verify_pin(pin, stored):
                lockout.succeeded()
                return True, 0.0, lockout.tries_left
            return False, lockout.failed(), lockout.tries_left

        self.kiosk.runner.submit(work, WORK_TIMEOUT_S, self._pin_checked, self._pin_failed, name="PIN check")

    def _pin_checked(self, result: tuple[bool, float, int]) -> None:
        self._checking = False
        ok, locked_s, tries_left = result
        if ok:
            self.enter("pin")
            return
        self.audit.record("pin_refused", locked_s=round(locked_s), tries_left=tries_left)
        if locked_s > 0:
            self._show_lock()
        else:
            self.screen.entry.set_locked(False)
            self.screen.entry.show_problem(self.tr("Wrong PIN. {tries} tries left.").format(tries=tries_left))

    def _pin_failed(self, exc: Exception) -> None:
        self._checking = False
        log.error("PIN check failed", extra={"error": f"{type(exc).__name__}: {exc}"})
        self.screen.entry.set_locked(False)
        self.screen.entry.show_problem(self.tr("The PIN could not be checked. Please try again."))

    def on_code(self, payload: str) -> None:
        """A scanned code: a technician card opens diagnostics, anything else is not ours."""
        if self.active or self._checking or not looks_like_card(payload):
            return
        public_key = self.kiosk.config.diagnostics.card_public_key
        bureau = self.kiosk.bureau
        revocations = self.revocations
        self._checking = True

        def work() -> tuple[CardVerdict, str]:
            verdict = check_card_offline(public_key, payload, revocations.load())
            if verdict.status in ("invalid", "no_key") or bureau is None:
                return verdict, "offline"
            try:
                answer = bureau.post("/v1/technicians/check", {"qr": payload})
                revoked = bureau.get("/v1/technicians/revoked")
                revocations.save([str(i) for i in revoked.get("revoked", [])])
            except ActionError:
                return verdict, "offline"  # the bureau is away: what the terminal knows must do
            status = str(answer.get("status", "invalid"))
            return CardVerdict(status if verdict.ok else verdict.status, verdict.card_id, verdict.technician), "bureau"

        self.kiosk.runner.submit(work, WORK_TIMEOUT_S, self._card_checked, self._card_error, name="technician card")

    def _card_checked(self, result: tuple[CardVerdict, str]) -> None:
        self._checking = False
        verdict, source = result
        if verdict.ok:
            self.enter(f"card:{verdict.card_id}", technician=verdict.technician, checked=source)
            return
        self.audit.record("card_refused", status=verdict.status, card=verdict.card_id, checked=source)
        reasons = {
            "revoked": self.tr("This technician card has been revoked."),
            "expired": self.tr("This technician card has expired."),
            "no_key": self.tr("This terminal has no bureau key for technician cards."),
        }
        if self.kiosk.window.current_screen() is self.screen and self.screen.currentWidget() is self.screen.entry:
            self.screen.entry.show_problem(reasons.get(verdict.status, self.tr("This is not a valid technician card.")))

    def _card_error(self, exc: Exception) -> None:
        self._checking = False
        log.error("technician card check failed", extra={"error": f"{type(exc).__name__}: {exc}"})

    def enter(self, who: str, **details: Any) -> None:
        self.kiosk.session.end("diagnostics")  # nothing of a taxpayer stays behind diagnostics
        self.active = True
        self.gesture.enabled = False
        self.audit.who = who
        self.audit.record("entered", **details)
        self._lock_timer.stop()
        self._watch_idle(True)
        self._technician = str(details.get("technician", ""))
        self._show_who()
        self._show(self.screen.menu)

    def _show_who(self) -> None:
        if self._screen is None and not self.active:
            return  # a language change with diagnostics never opened: nothing to build for it
        who, terminal = self.audit.who, self.kiosk.config.terminal.id
        self.screen.menu.who.setText(
            self.tr("Terminal {terminal} · technician card {card} ({name})").format(
                terminal=terminal, card=who.removeprefix("card:"), name=self._technician)
            if who.startswith("card:") else self.tr("Terminal {terminal} · entered with the PIN").format(
                terminal=terminal) if who else "")

    def _idle_exit(self) -> None:
        if self.active:
            self.leave("idle")
        else:
            self._cancel_entry()

    def leave(self, reason: str = "tapped") -> None:
        self._watch_idle(False)
        self._stop_preview()
        self._drop_confirm()
        self.audit.record("left", reason=reason)
        self.audit.who = ""
        self.active = False
        self.gesture.enabled = True
        self.kiosk.session.set_language(self.kiosk.session.default_language)  # the next taxpayer's default
        self.screen.entry.reset()
        for page in self.screen.pages.values():
            page.set_text("")
            page.set_rows([])
            page.set_image(None)
            page.set_banner("")
        w = self.kiosk.window
        w.show_screen(w.attract)

    def _watch_idle(self, on: bool) -> None:
        if on:
            self.idle.arm()
            self.kiosk.qt_app.installEventFilter(self.idle)
        else:
            self.idle.disarm()
            self.kiosk.qt_app.removeEventFilter(self.idle)

    def shutdown(self) -> None:
        """The app is closing: no timer of ours may fire and no filter of ours may stay on the QApplication."""
        self._watch_idle(False)
        self._lock_timer.stop()
        self._stop_preview()
        self._drop_confirm()
        self.kiosk.qt_app.removeEventFilter(self.gesture)

    # --- sections -----------------------------------------------------------------------------
    def open_section(self, key: str) -> None:
        if not self.active:
            return
        self.audit.record("opened", section=key)
        page = self.screen.pages[key]
        page.set_banner("")
        self._show(page)
        refresh = {"devices": self._devices, "outbox": lambda: self._outbox("refresh"),
                   "config": lambda: page.set_text(config_text(self.kiosk.config)),
                   "logs": lambda: self._logs(self._log_filter), "jobs": self._jobs,
                   "selftest": lambda: page.set_text(self.tr("Choose a test. On a real device, present a card or code "
                                                         "when asked.")),
                   "network": lambda: page.set_text(self.tr("Tap “Run network test”.")),
                   "system": lambda: page.set_text(self._system_text())}
        refresh[key]()

    def _on_action(self, section: str, action: str) -> None:
        if not self.active:
            return
        self.audit.record("action", section=section, detail=action)
        handlers: dict[str, Callable[[str], None]] = {
            "devices": lambda _a: self._devices(), "selftest": self._selftest, "outbox": self._outbox,
            "network": lambda _a: self._network(), "logs": self._logs, "jobs": self._job_action,
            "system": self._system,
        }
        handlers[section](action)

    def _run(self, page: DiagPage, work: Callable[[], Any], done: Callable[[Any], None], name: str,
             timeout_s: float = WORK_TIMEOUT_S) -> None:
        """Work in a worker with the page's buttons off; a failure is shown on the page and logged."""
        page.set_busy(True)
        page.set_banner(self.tr("Working…"), "info")

        def ok(result: Any) -> None:
            page.set_busy(False)
            page.set_banner("")
            done(result)

        def failed(exc: Exception) -> None:
            page.set_busy(False)
            log.warning("diagnostics action failed", extra={"action": name, "error": f"{type(exc).__name__}: {exc}"})
            page.set_banner(self.tr("Failed: {error}").format(error=str(exc) or type(exc).__name__), "bad")

        self.kiosk.runner.submit(work, timeout_s, ok, failed, name=name)

    # devices
    def _on_status(self, _name: str, _fields: dict[str, str]) -> None:
        if self.active and self.screen.currentWidget() is self.screen.pages["devices"]:
            self._render_devices()

    def _devices(self) -> None:
        """The page now from what is known; the A4 printer's state follows from the spooler (a worker)."""
        self._render_devices()
        self.kiosk.runner.submit(lambda: checks.a4_state(self.kiosk), WORK_TIMEOUT_S,
                                 lambda _state: self._render_devices() if self.active else None,
                                 lambda exc: log.warning("A4 printer state unknown", extra={"error": repr(exc)}),
                                 name="A4 printer state")

    def _render_devices(self) -> None:
        lines = []
        for name, fields in self.kiosk.device_report().items():
            state = fields.get("state", "unknown")
            rest = "   ".join(f"{k} = {v}" for k, v in fields.items() if k != "state")
            lines.append(f"{name}: {state.upper()}\n    {rest}")
        self.screen.pages["devices"].set_text("\n\n".join(lines) or self.tr("No devices are configured."))

    # self-tests
    def _selftest(self, action: str) -> None:
        page = self.screen.pages["selftest"]
        k = self.kiosk
        if action != "camera":
            self._stop_preview()
        page.set_image(None)
        if action == "print_test":
            self._run(page, lambda: checks.printer_test_page(k), self._printed, "print test page")
        elif action == "scan_test":
            page.set_text(self.tr("Scan a code now…"))
            self._run(page, lambda: checks.scan_test(k, 20.0), lambda r: page.set_text(
                self.tr("Decoded text:") + f"\n{r[1]}"), "scan test", 25.0)
        elif action == "id_test":
            page.set_text(self.tr("Place an ID card on the reader now…"))
            self._run(page, lambda: checks.id_read_test(k, 20.0), lambda record: page.set_text(
                self.tr("Card read (masked):") + "\n"
                + "\n".join(f"  {key}: {value}" for key, value in record.items())),
                "ID read test", 25.0)
        elif action == "camera":
            self._start_preview()
        elif action == "all":
            context = SelfTestContext(k.config, k)
            self._run(page, lambda: run_checks(context, checks.selftest_checks()), lambda results: page.set_text(
                "\n".join(f"{'OK  ' if r.ok else 'FAIL'} {r.name}: {r.detail}" for r in results)), "device tests", 60.0)

    def _printed(self, test: checks.PrintTest) -> None:
        page = self.screen.pages["selftest"]
        settings = "\n".join(f"  {key} = {value}" for key, value in test.settings.items())
        page.set_text(self.tr("Test page {state}: {message}").format(state=test.state, message=test.message)
                      + "\n" + self.tr("Printer settings:") + f"\n{settings}\nQR: {test.qr}")
        sim = self.kiosk.printer.sim if self.kiosk.printer is not None else None
        if sim is not None and sim.receipts():
            from drivers.printer.preview import render

            page.show_picture(render(sim.receipts()[-1]))

    def _start_preview(self) -> None:
        camera = self.kiosk.camera
        page = self.screen.pages["selftest"]
        if camera is None:
            page.set_text(self.tr("No camera is configured."))
            return
        camera.active = True
        if camera.simulator is not None:
            camera.simulator.present(checks.sim_scene(checks.probe_code()))
        page.set_text(self.tr("Camera preview: faces are framed in green, decoded codes listed below."))
        self._preview_timer.start()

    def _stop_preview(self) -> None:
        if self._preview_timer.isActive():
            self._preview_timer.stop()
            camera = self.kiosk.camera
            if camera is not None:
                camera.active = False
                if camera.simulator is not None:
                    camera.simulator.present(None)

    def _preview_tick(self) -> None:
        camera = self.kiosk.camera
        if self._preview_busy or camera is None:
            return
        frame = camera.last_frame()
        if frame is None:
            return
        self._preview_busy = True

        def done(result: checks.CameraTest) -> None:
            self._preview_busy = False
            if self._preview_timer.isActive():
                self._show_frame(result)

        def failed(exc: Exception) -> None:
            self._preview_busy = False

        self.kiosk.runner.submit(lambda: checks.look(camera, frame), 5.0, done, failed, name="camera preview")

    def _show_frame(self, result: checks.CameraTest) -> None:
        assert result.frame is not None
        page = self.screen.pages["selftest"]
        page.show_frame(result.frame, [(face.x, face.y, face.w, face.h) for face in result.faces])
        codes = ", ".join(result.codes) or self.tr("none")
        page.set_text(self.tr("Camera preview: {faces} face(s); decoded: {codes}").format(
            faces=len(result.faces), codes=codes))

    # outbox
    def _outbox(self, action: str) -> None:
        page = self.screen.pages["outbox"]
        outbox = self.kiosk.outbox
        if outbox is None:
            page.set_text(self.tr("The outbox is not open."))
            return
        export_dir = self.kiosk.config.paths.data() / "exports"

        def work() -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
            note = ""
            if action == "retry":
                note = self.tr("{count} rejected transaction(s) queued again.").format(count=outbox.retry(None))
            elif action == "export":
                export_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
                path = export_dir / f"outbox-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
                rows = outbox.rows(limit=-1)
                path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
                note = self.tr("{count} transaction(s) written to {path}").format(count=len(rows), path=str(path))
            return note, outbox_stats(outbox), outbox.rows(limit=30)

        def done(result: tuple[str, dict[str, Any], list[dict[str, Any]]]) -> None:
            note, stats, rows = result
            counts = "   ".join(f"{state} {n}" for state, n in stats["counts"].items())
            oldest = stats["oldest_unsent_age_s"]
            text = [counts, self.tr("Oldest unsent: {age}").format(age="-" if oldest is None else f"{oldest:.0f} s"),
                    self.tr("Last sync: {when}").format(when=stats["last_sync"] or "-")]
            if stats["paused"]:
                text.append(self.tr("Paused: {why}").format(why=stats["paused"]))
            text += [f"#{r['seq']} {r['id'][:8]} {r['state']:9} {r['kind']:14} {r['created_at']} "
                     f"tries={r['attempts']}" + (f"  {r['reason']}" if r["reason"] else "") for r in rows]
            page.set_text("\n".join(text))
            if note:
                page.set_banner(note, "info")

        self._run(page, work, done, f"outbox {action}")

    # network
    def _network(self) -> None:
        from kiosk.diag.network import run_network_test
        from kiosk.sync_client import bureau_client

        page = self.screen.pages["network"]
        config = self.kiosk.config

        def work() -> list[Any]:
            return run_network_test(bureau_client(config), min(config.bureau.timeout_s, 5.0))

        self._run(page, work, lambda steps: page.set_text("\n".join(
            f"{'OK  ' if s.ok else 'FAIL'} {s.name}: {s.detail}" for s in steps)), "network test")

    # logs
    def _logs(self, choice: str) -> None:
        self._log_filter = choice
        page = self.screen.pages["logs"]
        log_dir = self.kiosk.config.paths.logs()
        level = choice if choice in ("all", "warning", "error") else "all"
        prefix = "" if choice in ("all", "warning", "error") else choice

        def work() -> list[dict[str, Any]]:
            return log_tail(log_dir, 60, level, prefix)

        self._run(page, work, lambda entries: page.set_text(
            "\n".join(log_line(e) for e in reversed(entries)) or self.tr("No log lines match.")), "log tail")

    # print jobs, and payments whose voucher never printed
    def _jobs(self) -> None:
        page = self.screen.pages["jobs"]
        printer, payments = self.kiosk.printer, self.kiosk.payments
        if printer is None and payments is None:
            page.set_text(self.tr("No receipt printer is configured."))
            return

        def work() -> tuple[list[Any], list[Any]]:
            return (printer.reprintable_jobs() if printer else [], payments.owed_vouchers() if payments else [])

        def done(found: tuple[list[Any], list[Any]]) -> None:
            jobs, owed = found
            page.set_text(self.tr("Incomplete print jobs: {count}. Paid payments still owed a voucher: {owed}.")
                          .format(count=len(jobs), owed=len(owed)))
            rows = [(f"{job.job_id}  {job.kind}  {job.reason}", f"reprint:{job.job_id}", REPRINT) for job in jobs]
            rows += [(f"{p.order_id}  {p.service}  {yuan(p.total_cents)}", f"voucher:{p.order_key}", PRINT_VOUCHER)
                     for p in owed]
            page.set_rows(rows)

        self._run(page, work, done, "print jobs")

    def _job_action(self, action: str) -> None:
        page = self.screen.pages["jobs"]
        printer = self.kiosk.printer
        if action.startswith("voucher:"):
            self._print_owed_voucher(action.removeprefix("voucher:"))
            return
        if action == "refresh" or printer is None:
            self._jobs()
            return
        job_id = action.removeprefix("reprint:")

        def done(outcome: Any) -> None:
            self.audit.record("reprinted", job=job_id, state=outcome.state.value)
            self._jobs()
            page.set_banner(self.tr("Reprint {job}: {state} ({message})").format(job=job_id, state=outcome.state.value,
                               message=outcome.message), "info")

        self._run(page, lambda: printer.reprint(job_id), done, "reprint")

    def _print_owed_voucher(self, order_key: str) -> None:
        """The voucher of a payment the bureau confirmed after the kiosk lost track (a crash, a printer fault)."""

        page, payments = self.screen.pages["jobs"], self.kiosk.payments
        if payments is None:
            return

        def work() -> Any:
            person = payments.ledger.request(order_key)
            return print_voucher(payments, self.kiosk.records.printer(),
                                 {"order_key": order_key, "id_number": person["id_number"]})

        def done(payment: Any) -> None:
            self.audit.record("voucher printed", order=payment.order_id)
            self._jobs()
            page.set_banner(self.tr("Voucher printed for order {order}.").format(order=payment.order_id), "info")

        self._run(page, work, done, "owed voucher")

    # system
    def _system_text(self) -> str:
        from kiosk.version import build_id, version

        return self.tr("Version {version}, build {build}. Terminal {terminal}.").format(
            version=version(), build=build_id(),
                  terminal=self.kiosk.config.terminal.id)

    def _system(self, action: str) -> None:
        page = self.screen.pages["system"]
        if action == "bundle":
            from kiosk.diag.bundle import write_bundle

            folder = self.kiosk.config.paths.data() / "support"

            def written(path: Path) -> None:
                self.audit.record("bundle_written", file=path.name)
                page.set_banner(self.tr("Support bundle written: {path}").format(path=str(path)), "info")

            self._run(page, lambda: write_bundle(self.kiosk, folder), written, "support bundle")
            return
        if action in POWER_ACTIONS:
            self._confirming = (action, time.monotonic())
            self._confirm_timer.start()
            self._confirm_tick()
            return
        confirming = self._confirming
        self._drop_confirm()
        if action != "confirm" or confirming is None or not self._confirmable(confirming[1]):
            return  # "keep", or a confirmation too early or too late
        power, audit, commands = confirming[0], self.audit, self.commands

        def work() -> str:
            audit.record_now("power", detail=power)
            return commands.run(power)

        self._run(page, work, lambda said: page.set_banner(
            self.tr("Done: {what}").format(what=said or power), "info"), power)

    def _drop_confirm(self) -> None:
        self._confirming = None
        self._confirm_timer.stop()
        if self._screen is not None:  # never built just to be tidied
            self._screen.pages["system"].end_confirm()

    @staticmethod
    def _confirmable(asked_at: float) -> bool:
        return CONFIRM_PAUSE_S <= time.monotonic() - asked_at <= CONFIRM_S

    def _confirm_tick(self) -> None:
        """The confirmation counts down on screen, takes taps after the pause, and goes at zero."""
        page = self.screen.pages["system"]
        if self._confirming is None:
            self._confirm_timer.stop()
            return
        action, asked_at = self._confirming
        label = translated(dict(SECTION_ACTIONS["system"])[action])
        left = CONFIRM_S - (time.monotonic() - asked_at)
        if left <= 0:
            self._confirming = None
            self._confirm_timer.stop()
            page.end_confirm()
            page.set_banner(self.tr("Not confirmed in time: “{action}” was not done.").format(action=label), "info")
            return
        page.set_banner("")
        page.ask_confirm(self.tr("“{action}”: tap “Confirm” within {seconds} s, or “Keep running”.").format(
            action=label, seconds=math.ceil(left)), self.tr("Confirm: {action}").format(action=label),
            self._confirmable(asked_at))


def attach_diagnostics(kiosk: KioskApp) -> Diagnostics:
    """Bind diagnostics to a built kiosk (called once by kiosk.startup.build)."""
    diagnostics = Diagnostics(kiosk)
    kiosk.diagnostics = diagnostics
    return diagnostics
