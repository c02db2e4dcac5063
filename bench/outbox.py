"""Outbox benchmark: durable enqueue rate against this disk's raw write+fsync rate, and the time
to drain a 10,000-transaction backlog to the reference bureau (`bureau serve`, its own process, loopback).

Raw rate: 512-byte write + fsync of a file, in a loop. Enqueue rate: `Outbox.record` of a
typical payload with personal fields (sealed), each its own durable commit. Both are measured
in the same directory, interleaved three times each; the medians and their ratio are printed.
Also prints how long claiming the next due batch takes with a 100,000-row backlog.
Usage: .venv/bin/python bench/outbox.py [--dir DIR] [--seconds S] [--backlog N]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kiosk.sync_client import BureauClient  # noqa: E402
from offline_queue import store  # noqa: E402
from offline_queue.outbox import Outbox  # noqa: E402
from offline_queue.sync import SyncSettings, SyncWorker  # noqa: E402

TERMINAL_ID = "GD-BENCH-0001"
PAYLOAD = {"service": "queue_ticket", "hall": "A", "applicant": {"name": "张伟明", "id_number": "11010519491231002X"},
           "amount": "0.00"}


def raw_fsync_rate(folder: Path, seconds: float) -> float:
    path = folder / "raw-fsync.bin"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    block, n = os.urandom(512), 0
    start = time.perf_counter()
    try:
        while time.perf_counter() - start < seconds:
            os.write(fd, block)
            os.fsync(fd)
            n += 1
    finally:
        os.close(fd)
        path.unlink()
    return n / (time.perf_counter() - start)


def enqueue_rate(outbox: Outbox, seconds: float) -> float:
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        outbox.record("ticket", {**PAYLOAD, "n": n})
        n += 1
    return n / (time.perf_counter() - start)


def fill(outbox: Outbox, count: int) -> None:
    """A backlog built fast (one commit): what a terminal collects during a long outage."""
    with store.write(outbox.db):
        for n in range(count):
            outbox.record("ticket", {**PAYLOAD, "n": n})


def start_bureau(folder: Path) -> tuple[str, bytes, subprocess.Popen[bytes]]:
    """The reference bureau as its own process (`bureau terminals add`, `bureau serve`)."""
    db = f"sqlite:///{folder / 'bureau.db'}"
    bureau = [sys.executable, "-m", "bureau"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    key_hex = subprocess.run([*bureau, "terminals", "add", TERMINAL_ID, "--db", db], cwd=REPO, env=env,
                             capture_output=True, text=True, check=True).stdout.split()[-1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*bureau, "serve", "--port", str(port), "--db", db], cwd=REPO, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/health", timeout=1).status_code == 200:
                return url, bytes.fromhex(key_hex), proc
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the local bureau did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=REPO, help="a folder on the disk to measure")
    parser.add_argument("--seconds", type=float, default=1.0, help="length of each rate measurement")
    parser.add_argument("--backlog", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-outbox-") as tmp:
        folder = Path(tmp)
        outbox = Outbox.create(folder / "outbox.db")
        raws, enqueues = [], []
        for _ in range(3):
            raws.append(raw_fsync_rate(folder, args.seconds))
            enqueues.append(enqueue_rate(outbox, args.seconds))
        raw, enq = statistics.median(raws), statistics.median(enqueues)
        print(f"raw write+fsync      {raw:9.0f} /s   (median of {', '.join(f'{r:.0f}' for r in raws)})")
        print(f"durable enqueue      {enq:9.0f} /s   (median of {', '.join(f'{r:.0f}' for r in enqueues)})")
        print(f"enqueue / raw fsync  {enq / raw:9.2f}")
        outbox.close()

        outbox = Outbox.create(folder / "backlog.db")
        fill(outbox, args.backlog)
        url, key, proc = start_bureau(folder)
        try:
            worker = SyncWorker(outbox, BureauClient(url, TERMINAL_ID, key),
                                SyncSettings(TERMINAL_ID, batch_size=100, heartbeat_interval_s=3600))
            start = time.perf_counter()
            drained = worker.drain(deadline_s=600)
            took = time.perf_counter() - start
        finally:
            proc.terminate()
            proc.wait(10)
        synced = outbox.backlog().counts["synced"]
        print(f"drain {args.backlog} backlog   {took:9.2f} s    ({synced / took:.0f} transactions/s, "
              f"batches of 100, {'complete' if drained else 'INCOMPLETE'})")
        outbox.close()

        outbox = Outbox.create(folder / "big.db")
        fill(outbox, 100_000)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            outbox.claim_due(100)
            times.append(time.perf_counter() - start)
        print(f"claim next 100 due   {statistics.median(times) * 1000:9.2f} ms   (100,000 pending, median of 5)")
        outbox.close()
        opens = []
        for _ in range(3):  # start-up's custody checks: marker, key, read-only integrity_check (a worker's job)
            start = time.perf_counter()
            Outbox.open(folder / "big.db").close()
            opens.append(time.perf_counter() - start)
        size_mb = (folder / "big.db").stat().st_size / 1e6
        print(f"open, checked        {statistics.median(opens) * 1000:9.0f} ms   (100,000 rows, {size_mb:.0f} MB,"
              " integrity_check included, median of 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
