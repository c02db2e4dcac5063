"""Start-up benchmark: process start to the first painted attract screen, and memory then.

Runs `kiosk run` offscreen N times (default 5) and prints the median time from spawning the
process to the attract screen's first paint, and the median resident memory at that moment.
Usage: .venv/bin/python bench/startup.py [--runs N] [--command CMD ...]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--command", nargs="+", default=[sys.executable, "-m", "kiosk"],
                        help="how to start the kiosk (e.g. a PyInstaller bundle's executable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "kiosk.toml"
        config.write_text(
            f'[paths]\ndata_dir = "{tmp}/data"\nlog_dir = "{tmp}/logs"\n'
            '[bureau]\nurl = "http://127.0.0.1:9"\nstart_local = false\n'
        )
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        one_run(args.command, config, env)  # warm the disk cache; not counted
        samples = [one_run(args.command, config, env) for _ in range(args.runs)]
    times = [t for t, _ in samples]
    rss = [r for _, r in samples]
    print(f"command: {' '.join(args.command)}")
    print(f"runs: {args.runs}")
    print(f"first paint: median {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")
    print(f"resident memory at first paint: median {statistics.median(rss) / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
