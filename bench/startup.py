"""Start-up benchmark: process start to the first painted attract screen, and memory then.

Runs `kiosk run` offscreen and prints, per way of starting the kiosk, the median time from
spawning the process to the attract screen's first paint, and the median resident memory then:
- warm: files already in the page cache (one unmeasured run first), N runs (default 5);
- cold: the page cache dropped before each run (`echo 3 > /proc/sys/vm/drop_caches`, root only;
  otherwise it says so), M runs (default 3). A kiosk boots cold: this is what a taxpayer waits for.
With `--bundle EXE` one run measures both running from source and the PyInstaller bundle.

Usage: .venv/bin/python bench/startup.py [--runs N] [--cold-runs M] [--command CMD ...] [--bundle EXE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from offline_queue.outbox import Outbox

DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def one_run(command: list[str], config: Path, env: dict[str, str]) -> tuple[float, int]:
    started = time.time()
    result = subprocess.run(
        [*command, "run", "--config", str(config), "--exit-after-first-paint"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("first-paint ")), None)
    if line is None:
        raise SystemExit(f"no first-paint line; exit {result.returncode}; stderr:\n{result.stderr[-2000:]}")
    _, painted, _, rss_kb = line.split()
    return float(painted) - started, int(rss_kb)


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


def summary(label: str, samples: list[tuple[float, int]]) -> str:
    times = [t * 1000 for t, _ in samples]
    rss = statistics.median(r for _, r in samples) / 1024
    return (f"  {label}: first paint median {statistics.median(times):.0f} ms "
            f"(min {min(times):.0f}, max {max(times):.0f}, {len(times)} runs); RSS {rss:.1f} MiB")


def measure(name: str, command: list[str], args: argparse.Namespace, config: Path, env: dict[str, str]) -> None:
    print(f"{name}: {' '.join(command)}", flush=True)
    cold: list[tuple[float, int]] = []
    why_not = None
    for _ in range(args.cold_runs):
        why_not = drop_caches()
        if why_not:
            break
        cold.append(one_run(command, config, env))
    if cold:
        print(summary("cold", cold), flush=True)
    elif args.cold_runs:
        print(f"  cold: not measured ({why_not})", flush=True)
    one_run(command, config, env)  # warm the page cache; not counted
    print(summary("warm", [one_run(command, config, env) for _ in range(args.runs)]), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="warm runs per command")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold runs per command (0: none)")
    parser.add_argument("--command", nargs="+", default=[sys.executable, "-m", "kiosk"],
                        help="how to start the kiosk from source (default: this Python, -m kiosk)")
    parser.add_argument("--bundle", type=Path, help="also measure this PyInstaller bundle's executable")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "kiosk.toml"
        config.write_text(
            f'[paths]\ndata_dir = "{tmp}/data"\nlog_dir = "{tmp}/logs"\n'
            '[bureau]\nurl = "http://127.0.0.1:9"\nstart_local = false\n'
        )
        Outbox.create(Path(tmp) / "data" / "outbox.db").close()  # installed, as `kiosk queue init` leaves it
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        measure("source", args.command, args, config, env)
        if args.bundle:
            measure("bundle", [str(args.bundle.resolve())], args, config, env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
