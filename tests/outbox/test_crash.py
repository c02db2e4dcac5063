"""SIGKILL at random moments while recording and syncing: nothing acknowledged is lost,
the database stays sound, and the bureau ends with every transaction exactly once."""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import Bureau, make_worker

from offline_queue import store
from offline_queue.outbox import Outbox

ROUNDS = 20
CHILD = Path(__file__).with_name("crash_child.py")
REPO = Path(__file__).resolve().parents[2]


def _run_and_kill(db: Path, bureau: Bureau, round_no: int, rng: random.Random) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(db), bureau.url, bureau.key.hex(), str(round_no)], cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first == b"READY\n", child.stderr.read() if child.stderr else first
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        out = child.stdout.read()
    finally:
        child.kill()
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    # A line cut by the kill is not an acknowledgement: only whole lines count.
    return [line[4:] for line in out.decode().split("\n")[:-1] if line.startswith("ACK ") and len(line) == 40]


def test_sigkill_at_random_moments_loses_and_doubles_nothing(tmp_path: Path, bureau: Bureau) -> None:
    db = tmp_path / "outbox.sqlite3"
    rng = random.Random(int.from_bytes(os.urandom(4)))
    acknowledged: list[str] = []
    Outbox.create(db).close()  # installed once; every killed run opens the one that is there
    for round_no in range(ROUNDS):
        acknowledged += _run_and_kill(db, bureau, round_no, rng)
    assert len(acknowledged) > ROUNDS  # the kills did land in the middle of the work

    outbox = Outbox.open(db)
    assert store.integrity_ok(outbox.db) == (True, "ok")
    in_outbox = {r[0] for r in outbox.db.conn.execute("SELECT id FROM outbox")}
    assert set(acknowledged) <= in_outbox  # every transaction shown as done survived
    tickets = [r[0] for r in outbox.db.conn.execute("SELECT txn_id FROM tickets")]
    assert sorted(tickets) == sorted(in_outbox)  # business row and outbox row: both or neither
    synced_before = len(bureau.accepted_ids())

    assert make_worker(outbox, bureau.url, bureau.key).drain(30)
    accepted = collections.Counter(bureau.accepted_ids())
    assert set(accepted) == in_outbox  # all of them reached the bureau, nothing unknown did
    assert max(accepted.values()) == 1  # and none twice
    effects = bureau.effects("round", "n")  # each ticket once, whatever id it travelled under
    assert sum(effects.values()) == len(in_outbox) and max(effects.values()) == 1
    assert synced_before > 0  # some were synced by the children before they died
