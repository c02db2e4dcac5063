"""Transactions per second the bureau ingests: 50 concurrent terminals, batches of 100.

Starts `bureau serve` (one uvicorn process) on SQLite and then on a throwaway PostgreSQL
cluster, provisions the terminals, and has each terminal thread post signed batches over real
HTTP. Every item must come back `accepted`. Prints tx/s and the median batch latency for both.

    .venv/bin/python bench/bureau_ingest.py [--terminals 50] [--batches 4] [--batch-size 100]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bureau import keys as bureau_keys  # noqa: E402
from bureau import pg_throwaway, store  # noqa: E402
from bureau.auth import add_terminal  # noqa: E402
from bureau.pg_throwaway import free_port  # noqa: E402
from taxcore import signing  # noqa: E402


def _wait_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if proc.poll() is not None:
            raise RuntimeError("bureau serve exited early")
        try:
            if requests.get(base + "/health", timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    raise RuntimeError("bureau did not come up")


def _terminal(
    base: str, tid: str, key: bytes, batches: int, size: int, latencies: list[float], errors: list[str]
) -> None:
    session = requests.Session()
    seq = 0
    for _ in range(batches):
        items = []
        for _ in range(size):
            seq += 1
            items.append(
                {
                    "id": str(uuid.uuid4()),
                    "seq": seq,
                    "kind": "ticket",
                    "created_at": "2026-11-22T09:00:00+08:00",
                    "payload": {"n": seq, "hall": "H1"},
                }
            )
        body = json.dumps({"terminal_id": tid, "items": items}).encode()
        headers = signing.sign_headers(tid, key, "POST", "/v1/transactions/batch", body)
        headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        res = session.post(base + "/v1/transactions/batch", data=body, headers=headers, timeout=120)
        latencies.append(time.perf_counter() - start)
        if res.status_code != 200:
            errors.append(f"{res.status_code} {res.text[:200]}")
        elif any(r["status"] != "accepted" for r in res.json()["results"]):
            errors.append("not all accepted")


def run(url: str, keys_dir: Path, terminals: int, batches: int, size: int) -> dict[str, float]:
    engine = store.open_engine(url)
    bureau_keys.use(engine, keys_dir)
    keys = {f"B-{i:03d}": bytes.fromhex(add_terminal(engine, f"B-{i:03d}")) for i in range(terminals)}
    engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bureau", "serve", "--port", str(port), "--db", url, "--keys-dir", str(keys_dir)],
        cwd=REPO
    )
    try:
        _wait_up(base, proc)
        latencies: list[float] = []
        errors: list[str] = []
        threads = [
            threading.Thread(target=_terminal, args=(base, tid, key, batches, size, latencies, errors))
            for tid, key in keys.items()
        ]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    if errors:
        raise RuntimeError(f"{len(errors)} failed batches, first: {errors[0]}")
    total = terminals * batches * size
    return {
        "tx": total,
        "seconds": elapsed,
        "tx_per_s": total / elapsed,
        "median_batch_ms": statistics.median(latencies) * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terminals", type=int, default=50)
    parser.add_argument("--batches", type=int, default=4, help="batches per terminal")
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = run(
            f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", Path(tmp) / "sqlite-keys", args.terminals, args.batches,
            args.batch_size
        )
        if pg_throwaway.available():
            with pg_throwaway.temporary_cluster() as url:
                results["postgresql"] = run(url, Path(tmp) / "pg-keys", args.terminals, args.batches, args.batch_size)
        else:
            print("postgresql: skipped (initdb/pg_ctl not installed)")
    print(
        f"{args.terminals} terminals x {args.batches} batches x {args.batch_size} items, one uvicorn worker"
    )
    for name, r in results.items():
        print(
            f"{name:10s} {r['tx']:>7.0f} tx in {r['seconds']:6.2f} s = {r['tx_per_s']:8.0f} tx/s, "
            f"median batch {r['median_batch_ms']:.0f} ms"
        )
    if len(results) == 2:
        ratio = results["postgresql"]["tx_per_s"] / results["sqlite"]["tx_per_s"]
        print(f"postgresql/sqlite throughput ratio: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
