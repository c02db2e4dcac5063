"""GUI stall benchmark: how late the kiosk's event loop answers while everything happens at once.

A monitor thread posts an event to the GUI thread every 2 ms; the lag is how long each waits to
be handled (what a touch, a device result or a paint waits). Measured first under load, then
idle (the baseline) for the same time. Load, all at once, in one kiosk process as `kiosk run`
builds it (every simulated device), against `bureau serve` in its own process:
- the face step of 个税完税证明 on screen: the camera previews and decodes frames;
- a receipt and an A4 document printed, again every 2 s (worker threads, as the services do);
- a 10,000-transaction outbox backlog syncing to the bureau;
- ID cards placed and lifted on the reader every second.
When the GUI thread is late by more than --sample-ms, the monitor records where it is (its
Python stack), and the most frequent places are printed: that is what to move off the thread.
Goal (issue 20): p99 <= 16 ms, max <= 50 ms.

Usage: .venv/bin/python bench/gui_stall.py [--seconds S] [--backlog N] [--sample-ms MS]
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kiosk_rig  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer  # noqa: E402

POST_EVERY_S = 0.002
PAUSE_MS = 2000
OURS = ("/kiosk/", "/screens/", "/drivers/", "/offline_queue/", "/taxcore/")


class Ping(QEvent):
    TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, sent: float) -> None:
        super().__init__(self.TYPE)
        self.sent = sent


class LagMonitor(QObject):
    """Posts pings from a thread; the GUI thread notes how long each waited."""

    def __init__(self, sample_ms: float) -> None:
        super().__init__()
        self.lags: list[float] = []
        self.stalls: collections.Counter[str] = collections.Counter()
        self._sample_s = sample_ms / 1000
        self._handled = time.monotonic()
        self._stop = threading.Event()
        self._gui = threading.main_thread().ident
        self._thread = threading.Thread(target=self._run, name="lag-monitor", daemon=True)

    def event(self, event: QEvent) -> bool:
        if event.type() == Ping.TYPE:
            now = time.monotonic()
            self.lags.append(now - event.sent)  # type: ignore[attr-defined]
            self._handled = now
            return True
        return super().event(event)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def take(self) -> list[float]:
        lags, self.lags = self.lags, []
        return lags

    def _run(self) -> None:
        sampled_at = 0.0
        while not self._stop.wait(POST_EVERY_S):
            now = time.monotonic()
            QCoreApplication.postEvent(self, Ping(now))
            if now - self._handled > self._sample_s and now - sampled_at > self._sample_s:
                sampled_at = now
                self._sample_gui_stack()

    def _sample_gui_stack(self) -> None:
        frame = sys._current_frames().get(self._gui or 0)
        if frame is None:
            return
        stack = traceback.extract_stack(frame)
        ours = [f for f in stack if any(p in f.filename for p in OURS) and "kiosk_rig" not in f.filename]
        where = " < ".join(f"{Path(f.filename).parent.name}/{Path(f.filename).name}:{f.lineno} {f.name}"
                           for f in reversed(ours[-3:]))
        inner = stack[-1]
        self.stalls[f"{where or 'Qt (no Python frame of ours)'}  [in {Path(inner.filename).name}:{inner.name}]"] += 1


def summary(label: str, lags: list[float]) -> str:
    ms = sorted(x * 1000 for x in lags)
    if not ms:
        return f"  {label}: no samples"
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return (f"  {label}: lag p50 {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms; "
            f"{sum(1 for x in ms if x > 16)} over 16 ms, {sum(1 for x in ms if x > 50)} over 50 ms "
            f"({len(ms)} samples)")


def fill_backlog(kiosk: object, count: int) -> None:
    from offline_queue import store

    outbox = kiosk.outbox  # type: ignore[attr-defined]
    payload = {"service": "queue_ticket", "hall": "A", "applicant": {"name": "张伟明", "id_number": kiosk_rig.NUMBER}}
    with store.write(outbox.db):
        for n in range(count):
            outbox.record("ticket", {**payload, "n": n})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15.0, help="length of the load and of the idle run")
    parser.add_argument("--backlog", type=int, default=10_000)
    parser.add_argument("--sample-ms", type=float, default=30.0, help="a lag above this records the GUI stack")
    parser.add_argument("--switch-ms", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.switch_ms:
        sys.setswitchinterval(args.switch_ms / 1000)
    kiosk_rig.print_load()
    from drivers.camera.sim import drawn_face
    from drivers.idcard.record import CardType
    from kiosk.documents.samples import samples

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bureau, key_file = kiosk_rig.start_bureau(folder)
        try:
            qt_app, kiosk = kiosk_rig.build_kiosk(folder, bureau, key_file)
            fill_backlog(kiosk, args.backlog)  # before the sync starts: a long outage's worth
            monitor = LagMonitor(args.sample_ms)
            kiosk.show(fullscreen=False)
            kiosk_rig.wait_live(kiosk)
            w = kiosk.window
            kiosk.start_session()
            kiosk_rig.tap(w.home.tiles["iit_certificate"])
            kiosk.id_reader.simulator.place(CardType.RESIDENT)
            kiosk_rig.wait_step(kiosk, "请正对摄像头，核验身份")
            kiosk.id_reader.simulator.lift()
            kiosk.camera.simulator.present(drawn_face())
            kiosk.idle.hold(True)  # nobody taps during the measurement; the session must not time out
            docs = list(samples().values())
            printer = kiosk.records.printer()
            printed = collections.Counter()
            jobs = iter(range(10**6))

            def print_next() -> None:
                n = next(jobs)
                doc = docs[n % len(docs)]
                paper = "a4" if n % 2 else "receipt"
                while paper == "a4" and not doc.a4:
                    doc = docs[(docs.index(doc) + 1) % len(docs)]
                then = PAUSE_MS if paper == "a4" else 0  # a receipt and an A4 document, then a pause

                def done(outcome: str) -> None:
                    printed.update([outcome])
                    QTimer.singleShot(then, print_next)

                kiosk.runner.submit(lambda: printer.print(f"bench-{n}", doc, paper), 60, name="bench print",
                                    on_success=lambda _r: done(paper),
                                    on_failure=lambda exc: done(f"failed {type(exc).__name__}"))

            pending_at_start = kiosk.outbox.backlog().counts.get("pending", 0)
            monitor.start()
            print_next()
            started = time.monotonic()
            card_on = False
            while time.monotonic() - started < args.seconds:
                card_on = not card_on
                (kiosk.id_reader.simulator.place(CardType.RESIDENT) if card_on else kiosk.id_reader.simulator.lift())
                kiosk_rig.turn(1.0)
            load = monitor.take()
            load_stalls, monitor.stalls = monitor.stalls, collections.Counter()
            synced = pending_at_start - kiosk.outbox.backlog().counts.get("pending", 0)
            kiosk.session.end("cancelled")
            kiosk_rig.wait_until(lambda: kiosk.outbox.backlog().counts.get("pending", 0) == 0, 300, "the backlog")
            kiosk_rig.turn(2.0)
            monitor.take()
            kiosk_rig.turn(args.seconds)
            idle = monitor.take()
            monitor.stop()
            failed = {k: v for k, v in printed.items() if k.startswith("failed")}
            print(f"load for {args.seconds:.0f} s: camera preview + decode on the face step, "
                  f"{printed['receipt']} receipts and {printed['a4']} A4 documents printed {failed or ''}, "
                  f"{synced} of a {args.backlog} backlog synced, a card placed/lifted every second", flush=True)
            print(summary("under load", load))
            print(summary("idle attract screen (baseline)", idle))
            if load_stalls:
                print(f"where the GUI thread was when late by more than {args.sample_ms:.0f} ms (under load):")
                for where, n in load_stalls.most_common(12):
                    print(f"  {n:4d}  {where}")
            kiosk.shutdown()
        finally:
            bureau.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
