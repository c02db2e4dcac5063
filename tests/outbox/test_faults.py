"""1,000 transactions through a proxy that drops, delays, fails, cuts answers and duplicates:
each ends at the bureau exactly once."""

from __future__ import annotations

import collections
import random
import threading
import time

from conftest import Bureau, make_worker
from fault_proxy import FAULTS, FaultProxy

from offline_queue.outbox import SYNCED, Outbox

TOTAL = 1000


def test_thousand_transactions_through_a_faulty_link_arrive_once(outbox: Outbox, bureau: Bureau) -> None:
    port = int(bureau.url.rsplit(":", 1)[1])
    # Every fault is forced once on a batch early on, then a third of all requests misbehave.
    scripted = ["drop", "error500", "close_after_commit", "duplicate", "delay", "close_after_commit"]
    proxy = FaultProxy(port, fault_rate=0.35, rng=random.Random(6), delay_s=(0.05, 0.9), scripted=scripted)
    worker = make_worker(outbox, proxy.url, bureau.key, batch_size=10, timeout_s=0.5, backoff_base_s=0.01,
                         backoff_cap_s=0.1, heartbeat_interval_s=0.3)
    worker.start()
    ids: list[str] = []

    def producer() -> None:
        for i in range(TOTAL):
            ids.append(outbox.record("rating", {"stars": 1 + i % 5, "visit": i}).id)
            if i % 50 == 0:
                worker.wake()

    t = threading.Thread(target=producer)
    t.start()
    t.join()
    deadline = time.monotonic() + 90
    while outbox.backlog().counts[SYNCED] < TOTAL and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop()
    proxy.close()

    accepted = collections.Counter(bureau.accepted_ids())
    assert set(accepted) == set(ids) and len(ids) == TOTAL
    assert max(accepted.values()) == 1
    effects = bureau.effects("visit")  # each rating once, not only each transaction id once
    assert sorted(effects) == [(i,) for i in range(TOTAL)] and max(effects.values()) == 1
    assert outbox.backlog().counts[SYNCED] == TOTAL
    print("proxy faults:", dict(proxy.counts), "worker:", worker.status.counters)
    assert all(proxy.counts[f] > 0 for f in FAULTS), proxy.counts
    # answers cut after the commit came back as "duplicate" on the resend, and counted as synced
    assert worker.status.counters["duplicate"] > 0
    assert worker.status.counters["failures"] >= len(scripted)
