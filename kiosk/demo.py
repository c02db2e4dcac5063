"""`kiosk demo`: the kiosk on simulated devices against a local bureau it starts and stops.

With no display it runs a scripted taxpayer journey offscreen and saves a screenshot of each
screen, so anyone can see what the kiosk shows without a terminal in front of them.
"""

from __future__ import annotations

import dataclasses
import logging
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from drivers.printer.parser import PrintedText
from drivers.printer.preview import render
from kiosk import startup
from kiosk.app import KioskApp
from kiosk.config import KioskConfig
from kiosk.link import LinkState
from kiosk.local_bureau import LocalBureau, LocalBureauError

log = logging.getLogger(__name__)

# A step does something and returns; the journey then waits `pause_ms`, or until `until()`.
Step = tuple[str, Callable[[], None], Callable[[], bool] | None]


class Journey:
    """Runs steps one after another on the GUI thread's event loop, never blocking it."""

    def __init__(self, kiosk: KioskApp, out: Path, steps: list[Step], pause_ms: int = 600) -> None:
        self.kiosk = kiosk
        self.out = out
        self.steps = list(steps)
        self.pause_ms = pause_ms
        self.shots: list[Path] = []
        self.printed: list[Path] = []
        self.failed: str | None = None
        self._deadline = 0.0

    def start(self) -> None:
        QTimer.singleShot(self.pause_ms, self._next)

    def _next(self) -> None:
        if not self.steps:
            QApplication.exit(0)
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
        if until is None or until():
            QTimer.singleShot(self.pause_ms, self._next)
        elif time.monotonic() > self._deadline:
            self.failed = f"{name}: timed out waiting"
            QApplication.exit(0)
        else:
            QTimer.singleShot(100, lambda: self._wait(name, until))

    def save_printed(self) -> None:
        """Every receipt the simulated printer cut, as PNG and text, beside the screenshots."""
        printer = self.kiosk.printer
        if printer is None or printer.sim is None:
            return
        folder = self.out / "printed"
        folder.mkdir(exist_ok=True)
        for i, receipt in enumerate(printer.sim.receipts(), 1):
            render(receipt).save(folder / f"receipt-{i:02d}.png")
            text = "\n".join(e.text for e in receipt if isinstance(e, PrintedText))
            (folder / f"receipt-{i:02d}.txt").write_text(text + "\n", encoding="utf-8")
            self.printed.append(folder / f"receipt-{i:02d}.png")

    def shot(self, name: str) -> Step:
        def take() -> None:
            path = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
            self.kiosk.window.grab().save(str(path))
            self.shots.append(path)

        return (f"screenshot {name}", take, None)


def tap(button: QAbstractButton) -> None:
    """A real mouse press and release, so the idle watcher sees the taxpayer is there."""
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def scripted_steps(journey: Journey) -> list[Step]:
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
        ("save what the printer printed", journey.save_printed, None),
        ("done", lambda: tap(w.step.next_button), None),
        ("open the tax guides", lambda: tap(w.home.tiles["guides"]), None),
        journey.shot("guides-topics"),
        ("pick a topic", lambda: tap(w.step.inputs[0].group.buttons()[0]), None),
        ("read it", lambda: tap(w.step.next_button), None),
        journey.shot("guide-text"),
        ("done reading", lambda: tap(w.step.next_button), None),
        ("walk away: wait for the countdown", lambda: None, lambda: k.idle.counting),
        journey.shot("idle-countdown"),
        ("let the countdown run out", lambda: None, lambda: not k.session.active),
        journey.shot("after-timeout-attract"),
        ("next taxpayer touches", lambda: QTest.mouseClick(w.attract, Qt.MouseButton.LeftButton), None),
        journey.shot("next-session-home-zh"),
        ("end the session", lambda: tap(w.home.end_button), None),
        ("wait until the outbox has reached the bureau", lambda: k.sync.wake() if k.sync else None,
         lambda: k.sync is None or (k.sync.status.pending == 0 and k.sync.status.link == "up")),
    ]


def run_demo(config: KioskConfig, headless: bool, windowed: bool, out: Path | None) -> int:
    headless = headless or not startup.has_display()
    out = (out or Path.cwd() / time.strftime("kiosk-demo-%Y%m%d-%H%M%S")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    # Self-contained: this run's outbox, keys and logs live in its folder.
    config = dataclasses.replace(
        config, paths=dataclasses.replace(config.paths, data_dir=str(out / "data"), log_dir=str(out / "logs")))
    if headless:
        startup.use_offscreen()
    bureau = None
    if config.bureau.start_local:
        bureau = LocalBureau(out / "bureau")
        key_file = config.paths.data() / "terminal.key"
        config = dataclasses.replace(
            config, bureau=dataclasses.replace(config.bureau, url=bureau.url, terminal_key_file=str(key_file)))
        try:
            bureau.provision(config.terminal.id, key_file)
            bureau.start()
        except (LocalBureauError, subprocess.SubprocessError) as exc:
            print(f"kiosk demo: {exc}", file=sys.stderr)
            return 1
    try:
        qt_app, kiosk = startup.build(config)
        journey = None
        if headless:
            # A short idle wait so the journey shows the countdown without a long pause.
            kiosk.idle.set_intervals(idle_ms=3000, tick_ms=500)
            journey = Journey(kiosk, out, [])
            journey.steps = scripted_steps(journey)
            journey.start()
        kiosk.show(fullscreen=config.display.fullscreen and not windowed and not headless)
        code = qt_app.exec()
        kiosk.shutdown()
    finally:
        if bureau:
            bureau.stop()
    if journey is not None:
        if journey.failed:
            print(f"kiosk demo: the journey failed at {journey.failed}", file=sys.stderr)
            code = 1
        print(f"kiosk demo: {len(journey.shots)} screenshots, {len(journey.printed)} printed receipts"
              f" and logs written to {out}")
    return code
