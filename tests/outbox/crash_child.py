"""Child for the crash test: records transactions and syncs them until it is SIGKILLed.

Prints `ACK <id>` only after `record` returned, i.e. what a screen would have shown as done.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import make_worker  # noqa: E402

from offline_queue.outbox import Outbox  # noqa: E402


def main(db_path: str, bureau_url: str, key: bytes, round_no: int) -> None:
    outbox = Outbox.open(db_path)
    worker = make_worker(outbox, bureau_url, key, batch_size=20, idle_poll_s=0.01)
    worker.start()
    print("READY", flush=True)
    n = 0
    while True:
        receipt = outbox.record("ticket", {"round": round_no, "n": n, "applicant": {"name": "陈小明"}},
                                business=lambda db, r: db.table("tickets").insert({"txn_id": r.id, "number": r.seq}))
        print(f"ACK {receipt.id}", flush=True)
        worker.wake()
        n += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3]), int(sys.argv[4]))
