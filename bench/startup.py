"""Start-up benchmark: process start to the first painted attract screen, against a trivial window.

The machine is shared and noisy, so every figure is paired with the same figure for a trivial
PySide6 window (one Chinese label in the bundled CJK font, nothing else: `--trivial-window`),
run interleaved with the kiosk, and the ratio kiosk/trivial is printed beside the medians.

- warm: files already in the page cache (one unmeasured run of each first), N pairs (default 5);
- cold: the page cache dropped before each run (`echo 3 > /proc/sys/vm/drop_caches`, root only;
  otherwise it says so), M pairs (default 3). A kiosk boots cold: this is what a taxpayer waits for;
- memory: each process left running 5 s after start (every simulated device, as configured by
  default; with --live, and until the kiosk has gone live), then PSS from /proc/PID/smaps_rollup,
  RSS and its thread count. PSS splits shared pages among the processes mapping them: other Qt
  programs running at the time lower it; RSS is printed beside it.
`uptime` is printed first: quote it with the figures.
With `--bundle EXE` the PyInstaller bundle is measured too, against the same trivial window.

Usage: .venv/bin/python bench/startup.py [--runs N] [--cold-runs M] [--command CMD ...] [--bundle EXE]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DROP_CACHES = Path("/proc/sys/vm/drop_caches")
FONT = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "wqy-microhei.ttc"
MEMORY_AFTER_S = 5.0


def trivial_window() -> int:
    """The yardstick: what any PySide6 program needs to put one Chinese label on the glass."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(FONT)))[0]
    label = QLabel("请轻触屏幕开始办理")
    label.setFont(QFont(family, 48))

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint and "--exit-after-first-paint" in sys.argv:
                QTimer.singleShot(0, lambda: (print(f"first-paint {time.time():.6f} rss-kb 0", flush=True),
                                              os._exit(0)))
            return False

    painted = Painted()
    label.installEventFilter(painted)
    label.resize(1920, 1080)
    label.show()
    return app.exec()


def one_run(command: list[str], env: dict[str, str], live: list[float] | None = None) -> float:
    """Seconds from spawning the process to its first painted screen (and to going live, if asked)."""
    started = time.time()
    result = subprocess.run([*command, "--exit-after-first-paint"], capture_output=True, text=True,
                            timeout=120, env=env)
    events = {ln.split()[0]: float(ln.split()[1]) for ln in result.stdout.splitlines()
              if ln.startswith(("first-paint ", "live "))}
    if "first-paint" not in events or (live is not None and "live" not in events):
        raise SystemExit(f"no first-paint/live line from {command}; exit {result.returncode}; "
                         f"stderr:\n{result.stderr[-2000:]}")
    if live is not None:
        live.append(events["live"] - started)
    return events["first-paint"] - started


def memory(command: list[str], env: dict[str, str], live_log: Path | None) -> tuple[float, float, int]:
    """PSS and RSS (MiB) and thread count of a process left running MEMORY_AFTER_S after start.

    With `live_log` (the kiosk's log file), not before it has logged "kiosk started" and settled
    for two seconds more: on a loaded machine the kiosk may still be loading at 5 s.
    """
    if live_log is not None and live_log.exists():
        live_log.unlink()
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(MEMORY_AFTER_S)
        while live_log is not None and "kiosk started" not in (live_log.read_text() if live_log.exists() else ""):
            if time.monotonic() - started > 120 or process.poll() is not None:
                raise SystemExit(f"{command} did not go live")
            time.sleep(0.2)
        if live_log is not None and time.monotonic() - started > MEMORY_AFTER_S:
            time.sleep(2.0)
        if process.poll() is not None:
            raise SystemExit(f"{command} exited with {process.returncode} before {MEMORY_AFTER_S} s")
        rollup = Path(f"/proc/{process.pid}/smaps_rollup").read_text().splitlines()
        kb = {ln.split()[0].rstrip(":"): int(ln.split()[1]) for ln in rollup[1:]}
        status = Path(f"/proc/{process.pid}/status").read_text().splitlines()
        threads = next(int(ln.split()[1]) for ln in status if ln.startswith("Threads:"))
        return kb["Pss"] / 1024, kb["Rss"] / 1024, threads
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def drop_caches() -> str | None:
    """Empty the page cache; return why not if it cannot be done."""
    if os.geteuid() != 0:
        return "not root"
    try:
        os.sync()
        DROP_CACHES.write_text("3\n")
    except OSError as exc:
        return f"cannot write {DROP_CACHES}: {exc.strerror}"
    return None


def line(label: str, kiosk: list[float], trivial: list[float], live: list[float]) -> str:
    k = statistics.median(kiosk) * 1000
    t = statistics.median(trivial) * 1000
    went_live = f"; live (touch starts a session) median {statistics.median(live) * 1000:.0f} ms" if live else ""
    return (f"  {label}: first paint: kiosk median {k:.0f} ms (min {min(kiosk) * 1000:.0f}, "
            f"max {max(kiosk) * 1000:.0f}); trivial window median {t:.0f} ms (min {min(trivial) * 1000:.0f}, "
            f"max {max(trivial) * 1000:.0f}); ratio {k / t:.2f}x; {len(kiosk)} interleaved pairs{went_live}")


def measure(name: str, kiosk: list[str], trivial: list[str], args: argparse.Namespace, env: dict[str, str],
            log: Path) -> None:
    print(f"{name}: {' '.join(kiosk)}", flush=True)
    cold_k: list[float] = []
    cold_t: list[float] = []
    cold_live: list[float] = []
    why_not = drop_caches() if args.cold_runs else None
    for _ in range(args.cold_runs if not why_not else 0):
        drop_caches()
        cold_t.append(one_run(trivial, env))
        drop_caches()
        cold_k.append(one_run(kiosk, env, cold_live if args.live else None))
    if cold_k:
        print(line("cold", cold_k, cold_t, cold_live), flush=True)
    elif args.cold_runs:
        print(f"  cold: not measured ({why_not})", flush=True)
    one_run(trivial, env)  # warm the page cache; not counted
    one_run(kiosk, env)
    warm_k: list[float] = []
    warm_t: list[float] = []
    warm_live: list[float] = []
    for _ in range(args.runs):
        warm_t.append(one_run(trivial, env))
        warm_k.append(one_run(kiosk, env, warm_live if args.live else None))
    print(line("warm", warm_k, warm_t, warm_live), flush=True)
    for label, command, live_log in (("kiosk", kiosk, log if args.live else None), ("trivial window", trivial, None)):
        pss, rss, threads = memory([c for c in command if c != "--exit-after-first-paint"], env, live_log)
        when = f"{MEMORY_AFTER_S:.0f} s after start" + (" (and live)" if live_log else "")
        print(f"  memory {when}, {label}: PSS {pss:.1f} MiB, RSS {rss:.1f} MiB, {threads} threads", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="warm pairs per command")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold pairs per command (0: none)")
    parser.add_argument("--command", nargs="+", default=[sys.executable, "-m", "kiosk"],
                        help="how to start the kiosk from source (default: this Python, -m kiosk)")
    parser.add_argument("--bundle", type=Path, help="also measure this PyInstaller bundle's executable")
    parser.add_argument("--live", action="store_true",
                        help="also time going live (needs a kiosk that prints a `live` line after its first paint)")
    parser.add_argument("--trivial-window", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.trivial_window:
        return trivial_window()
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"machine: {os.cpu_count()} cores; uptime: {load}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "kiosk.toml"
        config.write_text(
            f'[paths]\ndata_dir = "{tmp}/data"\nlog_dir = "{tmp}/logs"\n'
            '[bureau]\nurl = "http://127.0.0.1:9"\nstart_local = false\n'
        )
        from offline_queue.outbox import Outbox  # here: the trivial window (this file too) must not load it

        Outbox.create(Path(tmp) / "data" / "outbox.db").close()  # installed, as `kiosk queue init` leaves it
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        trivial = [sys.executable, str(Path(__file__).resolve()), "--trivial-window"]
        run_args = ["run", "--config", str(config)]
        log = Path(tmp) / "logs" / "kiosk.log"
        measure("source", [*args.command, *run_args], trivial, args, env, log)
        if args.bundle:
            measure("bundle", [str(args.bundle.resolve()), *run_args], trivial, args, env, log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
