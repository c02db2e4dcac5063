"""Soak benchmark: N complete visits through one kiosk process; does anything grow?

Each visit (bench/kiosk_rig.visit): touch, 清缴税费, ID card on the simulated reader, choose the
debt, confirm, the payer's phone pays, the voucher is printed, the card is lifted, the session
times out (the idle time-out shortened to a fraction of a second). One kiosk process as `kiosk
run` builds it, every simulated device; `bureau serve` in its own process. Every --every visits
it prints RSS (and RSS once the C heap has returned what it holds free: malloc_trim), open
files, threads, QObjects (widgets, timers), Python objects and the sizes of the kiosk's
databases, logs and A4 archive. Goal (issue 20): RSS growth <= 5 MB after warm-up,
everything else flat.

Usage: .venv/bin/python bench/soak.py [--visits N] [--every K] [--warmup W]
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kiosk_rig  # noqa: E402

libc = ctypes.CDLL("libc.so.6")


def proc_status(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def folder_kb(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) // 1024 if path.exists() else 0


def snapshot(kiosk: Any, data: Path) -> dict[str, int]:
    """What a months-long run must keep flat (sizes in kB)."""
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication

    gc.collect()
    rss = proc_status("VmRSS")
    libc.malloc_trim(0)  # what the C heap holds free but has not given back: not a leak
    app = QApplication.instance()
    roots: list[QObject] = [kiosk, *([app] if app else []), *QApplication.topLevelWidgets()]
    objects = list({id(o): o for r in roots for o in r.findChildren(QObject)}.values())
    return {
        "rss_kb": rss,
        "trimmed_kb": proc_status("VmRSS"),
        "fds": len(os.listdir("/proc/self/fd")),
        "threads": proc_status("Threads"),
        "widgets": len(QApplication.allWidgets()),
        "qobjects": len(objects),
        "timers": sum(1 for o in objects if isinstance(o, QTimer)),
        "py_objects": len(gc.get_objects()),
        "outbox_kb": sum(p.stat().st_size for p in data.glob("outbox.db*")) // 1024,
        "jobs_kb": sum(p.stat().st_size for p in data.glob("print_jobs.db*")) // 1024,
        "logs_kb": folder_kb(data.parent / "logs"),
        "archive_kb": folder_kb(data.parent / "archive"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--every", type=int, default=50, help="print the figures every K visits")
    parser.add_argument("--warmup", type=int, default=50, help="visits before the RSS baseline")
    args = parser.parse_args()
    kiosk_rig.print_load()
    import requests


    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bureau, key_file = kiosk_rig.start_bureau(folder)
        try:
            qt_app, kiosk = kiosk_rig.build_kiosk(folder, bureau, key_file)
            kiosk.show(fullscreen=False)
            kiosk_rig.short_idle(kiosk)
            kiosk_rig.wait_live(kiosk)

            def pay(url: str) -> None:
                answer = requests.post(url, timeout=10)  # the payer's phone
                if answer.status_code != 200:
                    raise RuntimeError(f"the payment link answered {answer.status_code}")

            data = folder / "data"
            first = snapshot(kiosk, data)
            keys = list(first)
            print("visits  " + "  ".join(f"{k:>10}" for k in keys) + "  s/visit", flush=True)
            print(f"{0:6d}  " + "  ".join(f"{first[k]:>10}" for k in keys), flush=True)
            baseline: dict[str, int] | None = None
            started = time.monotonic()
            for n in range(1, args.visits + 1):
                kiosk_rig.owe(bureau, n)
                kiosk_rig.visit(kiosk, pay)
                if n == args.warmup:
                    baseline = snapshot(kiosk, data)
                if n % args.every == 0 or n == args.visits:
                    now = snapshot(kiosk, data)
                    rate = (time.monotonic() - started) / n
                    print(f"{n:6d}  " + "  ".join(f"{now[k]:>10}" for k in keys) + f"  {rate:7.2f}", flush=True)
            last = snapshot(kiosk, data)
            if baseline is not None:
                print(f"after the {args.warmup}-visit warm-up, over {args.visits - args.warmup} visits: "
                      + ", ".join(f"{k} {last[k] - baseline[k]:+d}" for k in keys), flush=True)
            kiosk.shutdown()
        finally:
            bureau.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
