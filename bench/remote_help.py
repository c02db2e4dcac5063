"""视频帮办 benchmark: call set-up time, frames per second both ways, the kiosk's CPU share in a call.

A kiosk as `kiosk run` builds it (simulated devices, its simulated camera, a test tone as the
microphone) calls a seeded reference bureau on loopback; an officer in Debian's Chromium (fake
camera and microphone, driven by Playwright in its own thread) accepts each call as soon as it
is listed. For each call:
- set-up: the 视频帮办 tap (after consent) to the first officer frame decoded at the kiosk;
- fps kiosk→officer (frames Chromium decoded) and officer→kiosk (frames aiortc decoded) over
  a measuring window;
- CPU: this process's CPU time over the window, as a share of one core (the kiosk with its
  media thread; the bureau thread here only relays signalling, idle during a call);
- the longest GUI-thread stall (a 10 ms timer's largest gap) over the window.
Medians over the calls are printed with `uptime` (the machine is shared: quote both).
With --screenshots DIR: the kiosk during a call in zh, en and elder mode, and the console.

Usage: .venv/bin/python bench/remote_help.py [--calls 3] [--window-s 10] [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
for folder in ("tests", "tests/services", "tests/outbox", "tests/remote_help"):
    sys.path.insert(0, str(REPO / folder))
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from officer_browser import Officer, officer_chromium  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from service_rig import running_seeded_bureau, service_settings  # noqa: E402

from kiosk.config import parse_config  # noqa: E402
from kiosk.remote_help.controller import State  # noqa: E402


class OfficerThread(threading.Thread):
    """The console in Chromium: accepts every listed call, keeps the newest stats, runs commands."""

    def __init__(self, url: str, engine: Any) -> None:
        super().__init__(name="officer", daemon=True)
        self.url, self.engine = url, engine
        self.commands: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.stats: dict[str, Any] = {}
        self.ready = threading.Event()
        self.done: queue.Queue[str] = queue.Queue()

    def run(self) -> None:
        with officer_chromium() as browser:
            officer = Officer(browser, self.url, self.engine)
            self.ready.set()
            while True:
                try:
                    command, arg = self.commands.get(timeout=0.05)
                except queue.Empty:
                    command, arg = "", None
                if command == "quit":
                    officer.close()
                    return
                if command == "act":
                    officer.act(*arg)
                elif command == "screenshot":
                    Path(arg).write_bytes(officer.page.screenshot())
                elif command == "hangup":
                    officer.act("#hangup")
                if command:
                    self.done.put(command)
                if not officer.in_call() and officer.waiting():
                    officer.accept_first()
                    officer.page.wait_for_selector("#call:not([hidden])")
                elif officer.in_call():
                    self.stats = officer.stats()

    def do(self, qt: QApplication, command: str, arg: Any = None) -> None:
        self.commands.put((command, arg))
        pump(qt, lambda: not self.done.empty(), 20)
        self.done.get()


def pump(qt: QApplication, until: Any, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError(f"benchmark step did not finish: {until.__code__.co_firstlineno}")
        qt.processEvents()
        time.sleep(0.005)


def officer_frames(stats: dict[str, Any]) -> int:
    video = stats.get("video") or []
    return int(video[0]["framesDecoded"]) if video else 0


def one_call(qt: QApplication, app: Any, officer: OfficerThread, window_s: float,
             screenshots: Path | None) -> dict[str, float]:
    help_ = app.remote_help
    help_.button.button.click()
    started = time.monotonic()
    help_.panel.agree.click()
    pump(qt, lambda: help_.call is not None and help_.call.received.first_frame_at is not None, 60)
    setup_s = help_.call.received.first_frame_at - started
    pump(qt, lambda: officer_frames(officer.stats) > 0, 30)
    qt_gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    ticker = QTimer(interval=10)
    ticker.timeout.connect(lambda: qt_gaps.append(clock.restart()))
    received0, sent0 = help_.call.received.video_frames, officer_frames(officer.stats)
    cpu0, wall0 = time.process_time(), time.monotonic()
    ticker.start()
    pump(qt, lambda: time.monotonic() - wall0 >= window_s, window_s + 5)
    ticker.stop()
    wall = time.monotonic() - wall0
    result = {
        "setup_s": setup_s,
        "fps_kiosk_to_officer": (officer_frames(officer.stats) - sent0) / wall,
        "fps_officer_to_kiosk": (help_.call.received.video_frames - received0) / wall,
        "cpu_share": (time.process_time() - cpu0) / wall,
        "gui_stall_ms": max(qt_gaps[1:] or [0]) - 10,
    }
    if screenshots is not None:
        take_screenshots(qt, app, officer, screenshots)
    help_.panel.hangup.click()
    pump(qt, lambda: help_.state == State.IDLE, 20)
    return result


def take_screenshots(qt: QApplication, app: Any, officer: OfficerThread, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    officer.do(qt, "act", ("#push-link", {"#link-url": "https://etax.example.gov.cn/guide/vehicle-tax"}))
    pump(qt, lambda: app.remote_help.panel.pushed_qr.isVisible(), 10)
    for name, change in (("zh", lambda: None), ("en", lambda: app.session.set_language("en")),
                         ("elder", lambda: app.session.set_elder_mode(True))):
        change()
        settle = time.monotonic() + 0.5
        pump(qt, lambda s=settle: time.monotonic() > s, 2)  # type: ignore[misc]
        app.window.grab().save(str(folder / f"kiosk_call_{name}.png"))
    officer.do(qt, "screenshot", str(folder / "console_call.png"))
    app.session.set_elder_mode(False)
    app.session.set_language("zh_CN")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=3)
    parser.add_argument("--window-s", type=float, default=10.0)
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    qt = QApplication(sys.argv[:1])
    from ready import build_kiosk

    with tempfile.TemporaryDirectory() as tmp, running_seeded_bureau(Path(tmp)) as bureau:
        settings = service_settings(Path(tmp), bureau.url, bureau.key)
        settings["remote_help"] = {"microphone": "tone", "speaker": ""}
        settings["terminal"]["hall"] = "天河区办税服务厅"
        app = build_kiosk(None, parse_config(settings))
        officer = OfficerThread(bureau.url, bureau.engine)
        officer.start()
        try:
            pump(qt, lambda: officer.ready.is_set() and app.remote_help is not None
                 and app.remote_help.button.button.isVisible(), 60)
            results = []
            for index in range(args.calls):
                shots = args.screenshots if index == 0 else None
                results.append(one_call(qt, app, officer, args.window_s, shots))
                r = results[-1]
                print(f"call {index + 1}: set-up {r['setup_s']:.2f} s, kiosk→officer {r['fps_kiosk_to_officer']:.1f} "
                      f"fps, officer→kiosk {r['fps_officer_to_kiosk']:.1f} fps, CPU {r['cpu_share'] * 100:.0f}% of "
                      f"a core, longest GUI stall {r['gui_stall_ms']:.0f} ms", flush=True)
        finally:
            officer.commands.put(("quit", None))
            officer.join(30)
            app.shutdown()
    print(f"median of {len(results)} calls ({args.window_s:g} s windows; camera asked 15 fps, 640×360 sent):")
    for key, label, scale, unit in (("setup_s", "set-up, tap to first officer frame", 1, "s"),
                                    ("fps_kiosk_to_officer", "kiosk → officer", 1, "fps"),
                                    ("fps_officer_to_kiosk", "officer → kiosk", 1, "fps"),
                                    ("cpu_share", "kiosk process CPU", 100, "% of one core"),
                                    ("gui_stall_ms", "longest GUI-thread stall", 1, "ms")):
        print(f"  {label}: {statistics.median(r[key] for r in results) * scale:.2f} {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
