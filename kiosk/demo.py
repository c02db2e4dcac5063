"""`kiosk demo`: the kiosk on simulated devices against a local bureau it starts and stops.

With no display it runs a scripted taxpayer journey offscreen and saves a screenshot of each
screen, so anyone can see what the kiosk shows without a terminal in front of them.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import requests
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from drivers.camera.sim import drawn_face
from drivers.idcard.record import CardType
from drivers.printer.parser import PrintedText
from drivers.printer.preview import render
from kiosk import startup
from kiosk.app import KioskApp
from kiosk.bureau_calls import BureauRefusal
from kiosk.config import KioskConfig
from kiosk.demo_control import attach_demo_panel
from kiosk.documents.archive import SealedArchive
from kiosk.link import LinkState
from kiosk.local_bureau import LocalBureau, LocalBureauError
from kiosk.outbox_custody import install_in_new_folder
from kiosk.services.si_pay import insured

log = logging.getLogger(__name__)

# A step does something and returns; the journey then waits `pause_ms`, or until `until()`.
Step = tuple[str, Callable[[], None], Callable[[], bool] | None]


class Journey:
    """Runs steps one after another on the GUI thread's event loop, never blocking it."""

    def __init__(self, kiosk: KioskApp, out: Path, steps: list[Step], pause_ms: int = 300) -> None:
        self.kiosk = kiosk
        self.out = out
        self.steps = list(steps)
        self.pause_ms = pause_ms
        self.shots: list[Path] = []
        self.printed: list[Path] = []
        self.failed: str | None = None
        self.published: list[str] | None = None  # the offered years the bureau has figures for
        self._deadline = 0.0

    def start(self) -> None:
        QTimer.singleShot(self.pause_ms, self._next)

    def _next(self) -> None:
        if not self.steps:
            QApplication.exit(0)
            return
        if not self.kiosk.guard.accepts_tap():  # a visitor taps once the screen has settled
            QTimer.singleShot(50, self._next)
            return
        name, action, until = self.steps.pop(0)
        log.info("journey step", extra={"step": name})
        try:
            action()
        except Exception as exc:  # the journey reports what broke, then stops
            self.failed = f"{name}: {exc}"
            log.exception("journey step failed")
            QApplication.exit(0)
            return
        self._deadline = time.monotonic() + 60
        self._wait(name, until)

    def _wait(self, name: str, until: Callable[[], bool] | None) -> None:
        banner = self.kiosk.window.step.banner
        if not self.failed and banner.isVisible() and banner.property("level") == "bad":
            self.failed = f"{name}: the screen says {banner.text()!r}"
        if self.failed:
            QApplication.exit(0)
        elif until is None or until():
            QTimer.singleShot(self.pause_ms, self._next)
        elif time.monotonic() > self._deadline:
            self.failed = f"{name}: timed out waiting"
            QApplication.exit(0)
        else:
            QTimer.singleShot(100, lambda: self._wait(name, until))

    def save_printed(self) -> None:
        """Every receipt the simulated printer cut, as PNG and text, beside the screenshots, and the A4
        pages the demo archived (sealed) into the same folder, opened."""
        folder = self.out / "printed"
        folder.mkdir(exist_ok=True)
        self.printed = []
        printer = self.kiosk.printer
        if printer is not None and printer.sim is not None:
            for i, receipt in enumerate(printer.sim.receipts(), 1):
                render(receipt).save(folder / f"receipt-{i:02d}.png")
                text = "\n".join(e.text for e in receipt if isinstance(e, PrintedText))
                (folder / f"receipt-{i:02d}.txt").write_text(text + "\n", encoding="utf-8")
                self.printed.append(folder / f"receipt-{i:02d}.png")
        self.printed += open_archived_pages(self.kiosk.config.paths.data(), folder)

    def payer_confirms(self) -> None:
        """The taxpayer's phone opens the payment link and confirms at the bureau's simulated
        channel; off the GUI thread, as any HTTP call."""
        url = str(self.kiosk.engine.context["payment"]["pay_url"])

        def answered(status: object) -> None:
            if status != 200:  # refused (e.g. the order is closed): no voucher will come, say so now
                self.failed = f"the bureau refused the payer's confirmation (HTTP {status})"

        def failed(exc: Exception) -> None:
            self.failed = f"the payer could not pay: {exc}"

        self.kiosk.runner.submit(lambda: requests.post(url, timeout=10).status_code, 15.0, answered, failed,
                                 name="demo payer")

    def ask_published_years(self, insurance: str) -> None:
        """Which of the offered years the bureau publishes `insurance`'s figures for (a new year is
        offered before they are out): asked off the GUI thread, the answer lands in `published`."""
        k = self.kiosk
        offered = offered_choices(k, "year")
        number = insured(k.engine.context)
        bureau = k.bureau
        if bureau is None:
            raise LookupError("no bureau to ask")

        def ask() -> list[str]:
            found = []
            for year in offered:
                query = urlencode({"id_number": number, "insurance": insurance, "year": year})
                try:
                    bureau.get(f"/v1/social-insurance/due?{query}")
                except BureauRefusal as refusal:
                    if refusal.code != "no_published_rates":
                        raise
                    continue
                found.append(year)
            return found

        def answered(years: object) -> None:
            self.published = list(years) if isinstance(years, list) else []
            if not self.published:
                self.failed = f"the bureau publishes no {insurance} figures for any of {offered}"

        def failed(exc: Exception) -> None:
            self.failed = f"could not ask the bureau for the published years: {exc}"

        self.published = None
        k.runner.submit(ask, 15.0, answered, failed, name="demo published years")

    def shot(self, name: str) -> Step:
        def take() -> None:
            path = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
            self.kiosk.window.grab().save(str(path))
            self.shots.append(path)

        return (f"screenshot {name}", take, None)


def tap(button: QAbstractButton) -> None:
    """A real mouse press and release, so the idle watcher sees the taxpayer is there."""
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def on_step(kiosk: KioskApp, title: str) -> Callable[[], bool]:
    """Until the step titled `title` (as the taxpayer reads it) is on screen and nothing runs."""
    w = kiosk.window
    return lambda: (w.current_screen() is w.step and w.step.title.text() == title
                    and not kiosk.engine.busy_now)


def offered_choices(kiosk: KioskApp, field_id: str) -> list[str]:
    """The values of the choices of the field `field_id` on the step on screen."""
    for field_input in kiosk.window.step.inputs:
        if field_input.spec.id == field_id:
            return [c.value for c in field_input.spec.options(kiosk.engine.context)]
    raise LookupError(f"no field {field_id!r} on this step")


def choose(kiosk: KioskApp, field_id: str, value: str | Callable[[list[str]], str]) -> None:
    """Tap the button of the choice `value` (or the one `value` picks among those offered) of the
    field `field_id` on the step on screen."""
    offered = offered_choices(kiosk, field_id)
    wanted = value if isinstance(value, str) else value(offered)
    for field_input in kiosk.window.step.inputs:
        if field_input.spec.id == field_id:
            tap(field_input.group.buttons()[offered.index(wanted)])


def rate(kiosk: KioskApp, index: int) -> None:
    """Tap a level of the rating step on screen (0: the first, very satisfied)."""
    group = kiosk.window.step.rating_group
    if group is None:
        raise LookupError("no rating on this step")
    tap(group.buttons()[index])


def browsing_steps(journey: Journey) -> list[Step]:
    """A first visitor looks around: languages, elder mode, a ticket, the guides, then walks away."""
    k = journey.kiosk
    w = k.window
    return [
        ("wait for the bureau link", lambda: None, lambda: k.link.state != LinkState.UNKNOWN),
        journey.shot("attract"),
        ("touch the attract screen", lambda: QTest.mouseClick(w.attract, Qt.MouseButton.LeftButton), None),
        journey.shot("home-zh"),
        ("switch to English", lambda: tap(w.home.language_button), None),
        journey.shot("home-en"),
        ("turn on elder mode", lambda: tap(w.home.elder_button), None),
        journey.shot("home-en-elder"),
        ("open the vehicle tax service", lambda: tap(w.home.tiles["vehicle_tax"]), None),
        journey.shot("vehicle-tax-en-elder"),
        ("cancel it", lambda: tap(w.step.cancel_button), lambda: w.current_screen() is w.home),
        ("take a queue ticket", lambda: tap(w.home.tiles["queue_ticket"]), None),
        ("choose general services", lambda: tap(w.step.inputs[0].group.buttons()[0]), None),
        ("next", lambda: tap(w.step.next_button), None),
        journey.shot("ticket-confirm"),
        ("confirm", lambda: tap(w.step.next_button), lambda: w.step.next_button.text() != "" and not k.engine.busy_now),
        journey.shot("ticket-printed"),
        ("done", lambda: tap(w.step.next_button), None),
        ("open the tax guides", lambda: tap(w.home.tiles["guides"]), None),
        journey.shot("guides-topics"),
        ("pick a topic", lambda: tap(w.step.inputs[0].group.buttons()[0]), None),
        ("read it", lambda: tap(w.step.next_button), None),
        journey.shot("guide-text"),
        ("done reading", lambda: tap(w.step.next_button), None),
        # Short clocks for this part only, so the journey shows the countdown without a long pause.
        ("walk away: wait for the countdown", lambda: k.idle.set_intervals(idle_ms=2000, tick_ms=250),
         lambda: k.idle.counting),
        journey.shot("idle-countdown"),
        ("let the countdown run out", lambda: None, lambda: not k.session.active),
        journey.shot("after-timeout-attract"),
        ("back to the configured clocks", lambda: k.idle.set_intervals(
            k.config.session.idle_timeout_s * 1000, 1000), None),
    ]


def by_card(journey: Journey, service: str, then: str, shot: str | None = None) -> list[Step]:
    """Open a service from home and identify with the sample resident card, taken off the reader
    once the step titled `then` shows."""
    k = journey.kiosk
    return [
        (f"open {service}", lambda: tap(k.window.home.tiles[service]), on_step(k, "请出示身份证件")),
        *([journey.shot(shot)] if shot else []),
        ("the resident ID card on the reader", lambda: k.id_reader.simulator.place(CardType.RESIDENT),
         on_step(k, then)),
        ("take the card off the reader", k.id_reader.simulator.lift, None),
    ]


def identified_steps(journey: Journey) -> list[Step]:
    """The next taxpayer, 张三 of the sample resident card: an income-tax certificate on A4, a
    rating, then a year of residents' medical insurance paid by phone and its voucher."""
    k = journey.kiosk
    w = k.window
    return [
        ("next taxpayer touches", lambda: QTest.mouseClick(w.attract, Qt.MouseButton.LeftButton), None),
        journey.shot("next-session-home-zh"),
        *by_card(journey, "iit_certificate", "请正对摄像头，核验身份", shot="iit-identify"),
        ("a face in front of the camera", lambda: k.camera.simulator.present(drawn_face()), None),
        journey.shot("iit-face"),
        ("confirm", lambda: tap(w.step.next_button), on_step(k, "请选择所属年度")),
        ("choose 2025", lambda: choose(k, "year", "2025"), None),
        journey.shot("iit-year"),
        ("next", lambda: tap(w.step.next_button), on_step(k, "请核对打印内容")),
        journey.shot("iit-check"),
        ("print it", lambda: tap(w.step.next_button),
         lambda: on_step(k, "请取走您的文件")() and k.engine.context.get("printed") is not None),
        journey.shot("iit-printed"),
        ("done", lambda: tap(w.step.next_button), on_step(k, "请对本次服务进行评价")),
        ("very satisfied", lambda: rate(k, 0), None),
        journey.shot("rating"),
        ("submit the rating", lambda: tap(w.step.next_button), lambda: w.current_screen() is w.home),
        *by_card(journey, "si_pay", "请正对摄像头，核验身份"),  # paid in one's own name: the face again
        ("a face in front of the camera", lambda: k.camera.simulator.present(drawn_face()), None),
        ("confirm", lambda: tap(w.step.next_button), on_step(k, "为谁缴费？")),
        ("for myself", lambda: choose(k, "whom", "self"), None),
        journey.shot("si-whom"),
        ("next", lambda: tap(w.step.next_button), on_step(k, "请选择险种和缴费年度")),
        ("residents' medical insurance", lambda: choose(k, "insurance", "resident_medical"), None),
        ("which years have figures", lambda: journey.ask_published_years("resident_medical"),
         lambda: journey.published is not None),
        ("the newest year with figures", lambda: choose(k, "year", lambda _: max(journey.published or [], key=int)),
         None),
        journey.shot("si-insurance-year"),
        ("next", lambda: tap(w.step.next_button), on_step(k, "请选择缴费档次")),
        ("level 1", lambda: choose(k, "level", "1"), None),
        journey.shot("si-level"),
        ("next", lambda: tap(w.step.next_button), on_step(k, "请核对缴费信息")),
        journey.shot("si-check"),
        ("confirm: the order opens", lambda: tap(w.step.next_button),
         lambda: on_step(k, "请扫码付款")() and k.payment_watch.active),
        journey.shot("si-pay-qr"),
        ("the phone pays", journey.payer_confirms, on_step(k, "请取走您的缴款凭证")),  # printed when not busy
        journey.shot("si-voucher"),
        ("done: rated already, so home", lambda: tap(w.step.next_button), lambda: w.current_screen() is w.home),
        ("end the session", lambda: tap(w.home.end_button), None),
        ("wait until the outbox has reached the bureau", lambda: k.sync.wake() if k.sync else None,
         lambda: k.sync is None or (k.sync.status.pending == 0 and k.sync.status.link == "up")),
    ]


def scripted_steps(journey: Journey) -> list[Step]:
    return browsing_steps(journey) + identified_steps(journey)


def run_demo(config: KioskConfig, headless: bool, windowed: bool, out: Path | None) -> int:
    headless = headless or not startup.has_display()
    out = (out or Path.cwd() / time.strftime("kiosk-demo-%Y%m%d-%H%M%S")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    # Self-contained: this run's outbox, keys and logs live in its folder.
    config = config.model_copy(update={
        "paths": config.paths.model_copy(update={"data_dir": str(out / "data"), "log_dir": str(out / "logs")})})
    a4 = config.devices.get("a4_printer")
    if a4 is not None:  # its pages (archive PDFs) land beside the receipts
        a4 = a4.model_copy(update={"settings": {**a4.settings, "archive_dir": str(out / "printed")}})
        config = config.model_copy(update={"devices": {**config.devices, "a4_printer": a4}})
    if headless:
        startup.use_offscreen()
    bureau = None
    if config.bureau.start_local:
        bureau = LocalBureau(out / "bureau")
        key_file = config.paths.data() / "terminal.key"
        config = config.model_copy(update={
            "bureau": config.bureau.model_copy(update={"url": bureau.url, "terminal_key_file": str(key_file)})})
        try:
            bureau.provision(config.terminal.id, key_file)
            bureau.start()
        except (LocalBureauError, subprocess.SubprocessError) as exc:
            print(f"kiosk demo: {exc}", file=sys.stderr)
            return 1
    install_in_new_folder(config)
    try:
        qt_app, kiosk = startup.build(config)
        journey = None
        if headless:
            journey = Journey(kiosk, out, [])
            journey.steps = scripted_steps(journey)
            journey.start()
        else:
            attach_demo_panel(kiosk)  # a visitor's hands: cards, a code, a face, on the simulators
        kiosk.show(fullscreen=config.display.fullscreen and not windowed and not headless)
        code = qt_app.exec()
        if journey is not None:
            journey.save_printed()  # what came out, even when the journey stopped half-way
        kiosk.shutdown()
    finally:
        if bureau:
            bureau.stop()
    if journey is not None:
        if journey.failed:
            print(f"kiosk demo: the journey failed at {journey.failed}", file=sys.stderr)
            code = 1
        pages = sum(1 for p in journey.printed if p.suffix == ".pdf")
        print(f"kiosk demo: {len(journey.shots)} screenshots, {len(journey.printed) - pages} printed receipts,"
              f" {pages} A4 pages (PDF) and logs written to {out}")
    return code


def open_archived_pages(data_dir: Path, folder: Path) -> list[Path]:
    """The demo's A4 pages as plain PDFs beside its screenshots (sealed in the archive, like a field
    terminal's; opened here because the demo's people are samples)."""
    if not (data_dir / "archive.key").exists():
        return []
    return SealedArchive.for_reading(data_dir, folder).open_all(folder)
