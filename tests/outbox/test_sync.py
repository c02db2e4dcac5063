"""The sync worker against a bureau on loopback: per-item answers, pause, rejects, backoff."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from conftest import TERMINAL_ID, TERMINAL_KEY, Bureau, fast_settings, free_port, make_worker
from contract_bureau import ContractBureau

from kiosk.sync_client import BureauClient
from offline_queue.outbox import PENDING, REJECTED, SYNCED, Outbox
from offline_queue.sync import BATCH_PATH, Reply, SyncStatus, SyncWorker, TransportError


def test_backlog_drains_and_each_transaction_arrives_once(outbox: Outbox, bureau: Bureau) -> None:
    ids = [outbox.record("ticket", {"n": i, "applicant": {"name": "王五"}}).id for i in range(120)]
    worker = make_worker(outbox, bureau.url, bureau.key)
    assert worker.drain(30)
    assert sorted(bureau.accepted_ids()) == sorted(ids)
    assert bureau.payload(ids[0]) == {"n": 0, "applicant": {"name": "王五"}}  # opened for the bureau
    status = worker.status
    assert (status.link, status.pending, status.paused) == ("up", 0, None)
    assert status.last_sync_ts is not None and status.oldest_pending_age_s is None


def test_duplicate_answer_counts_as_synced(outbox: Outbox, bureau: Bureau) -> None:
    receipt = outbox.record("ticket", {"n": 1})
    worker = make_worker(outbox, bureau.url, bureau.key)
    assert worker.drain(10)
    # As if the answer had been lost: the row is sent again and the bureau says "duplicate".
    outbox.db.conn.execute("UPDATE outbox SET state = 'pending' WHERE id = ?", (receipt.id,))
    assert worker.drain(10)
    assert bureau.accepted_ids() == [receipt.id]
    assert outbox.backlog().counts[SYNCED] == 1
    assert worker.status.counters["duplicate"] == 1


def test_401_pauses_the_queue_keeps_rows_and_alerts(outbox: Outbox, bureau: Bureau) -> None:
    ids = [outbox.record("ticket", {"n": i}).id for i in range(5)]
    alerts: list[str] = []
    worker = SyncWorker(outbox, BureauClient(bureau.url, TERMINAL_ID, b"wrong key" * 4), fast_settings(),
                        on_alert=alerts.append)
    assert not worker.drain(5)
    status = worker.status
    assert status.paused and "401" in status.paused and "bad_signature" in status.paused
    assert alerts == [status.paused]
    assert outbox.backlog().counts[PENDING] == 5  # paused, not emptied
    assert bureau.accepted_ids() == []
    worker.run_once()  # paused: nothing is sent while paused
    assert outbox.backlog().counts[PENDING] == 5
    # the key is fixed, a technician resumes: everything goes through
    worker = make_worker(outbox, bureau.url, bureau.key)
    assert worker.status.paused  # the pause survives a restart
    worker.resume()
    assert worker.drain(10)
    assert sorted(bureau.accepted_ids()) == sorted(ids)


def test_rejected_rows_are_set_aside_and_the_rest_sync(outbox: Outbox, bureau: Bureau) -> None:
    good = [outbox.record("ticket", {"n": i}).id for i in range(10)]
    bad = outbox.record("", {"n": "no kind"}).id  # the reference bureau rejects an item without a kind
    good += [outbox.record("ticket", {"n": i}).id for i in range(10, 20)]
    worker = make_worker(outbox, bureau.url, bureau.key, batch_size=7)
    assert worker.drain(10)
    assert sorted(bureau.accepted_ids()) == sorted(good)
    (row,) = outbox.rows(REJECTED)
    assert row["id"] == bad and "kind" in row["reason"]
    assert worker.status.rejected == 1
    worker.run_once()  # never retried blindly
    assert outbox.rows(REJECTED)[0]["attempts"] == 0


def test_rejection_reason_from_the_contract_is_kept(outbox: Outbox, contract_bureau: ContractBureau) -> None:
    ok = outbox.record("ticket", {"n": 1}).id
    bad = outbox.record("filing", {"reject": "taxpayer unknown"}).id
    assert make_worker(outbox, contract_bureau.url, TERMINAL_KEY).drain(10)
    assert contract_bureau.accepted_ids() == [ok]
    assert [(r["id"], r["reason"]) for r in outbox.rows(REJECTED)] == [(bad, "taxpayer unknown")]


class ScriptedTransport:
    """A bureau stand-in for answers the reference bureau would not give on purpose."""

    def __init__(self, answer: Any) -> None:
        self.answer, self.calls = answer, []  # type: ignore[var-annotated]

    def post_json(self, path: str, body: dict[str, Any], timeout_s: float) -> Reply:
        self.calls.append((path, body))
        return self.answer(path, body)  # type: ignore[no-any-return]


def test_a_malformed_record_refused_with_400_is_isolated(outbox: Outbox) -> None:
    ids = [outbox.record("t", {"n": i}).id for i in range(16)]
    poison = ids[11]

    def answer(path: str, body: dict[str, Any]) -> Reply:
        if path != BATCH_PATH:
            return Reply(200, {"ok": True})
        if any(i["id"] == poison for i in body["items"]):
            return Reply(422, {"error": {"code": "invalid", "message": "payload.amount must be a number"}})
        results = [{"id": i["id"], "status": "accepted"} for i in body["items"]]
        return Reply(200, {"results": results, "gaps": []})

    worker = SyncWorker(outbox, ScriptedTransport(answer), fast_settings(batch_size=16))
    assert worker.drain(10)
    assert outbox.backlog().counts == {PENDING: 0, "sending": 0, SYNCED: 15, REJECTED: 1}
    (row,) = outbox.rows(REJECTED)
    assert row["id"] == poison and "payload.amount must be a number" in row["reason"]


def test_network_errors_and_5xx_back_off_with_jitter_and_link_down(outbox: Outbox) -> None:
    outbox.record("t", {})
    times: list[float] = []

    def answer(path: str, body: dict[str, Any]) -> Reply:
        times.append(time.monotonic())
        if len(times) % 2:
            raise TransportError("connection refused")
        return Reply(503, None)

    statuses: list[SyncStatus] = []
    settings = fast_settings(backoff_base_s=0.02, backoff_cap_s=0.16)
    worker = SyncWorker(outbox, ScriptedTransport(answer), settings, on_status=statuses.append)
    worker.start()
    time.sleep(1.2)
    worker.stop()
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert 4 <= len(times) < 40  # retried, but not hammered
    assert all(g >= 0.009 for g in gaps)
    assert max(gaps[3:]) <= 0.16 + 0.5  # capped (uncapped, the 10th wait alone would be 10 s)
    assert len({round(g, 3) for g in gaps[4:]}) > 1  # jittered, not a fixed rhythm
    assert worker.status.link == "down"
    assert any(text in (worker.status.last_error or "") for text in ("503", "connection refused"))
    assert outbox.backlog().counts[PENDING] == 1
    assert any(s.link == "down" for s in statuses)


def test_unreachable_bureau_leaves_everything_pending(outbox: Outbox) -> None:
    ids = [outbox.record("t", {}).id for _ in range(3)]
    worker = make_worker(outbox, f"http://127.0.0.1:{free_port()}", TERMINAL_KEY)
    assert not worker.drain(0.5)
    assert outbox.backlog().counts[PENDING] == 3 and worker.status.link == "down"
    assert {r["id"] for r in outbox.rows(PENDING)} == set(ids)


def test_heartbeat_carries_devices_and_backlog(outbox: Outbox, bureau: Bureau) -> None:
    outbox.record("t", {})
    worker = SyncWorker(
        outbox, BureauClient(bureau.url, TERMINAL_ID, bureau.key),
        fast_settings(heartbeat_interval_s=3600, version="1.2.3"),
        devices=lambda: {"receipt_printer": {"state": "ONLINE", "paper": "LOW"}})
    worker.run_once()  # the first step sends a heartbeat, then the batch
    seen = bureau.terminal()
    assert seen["version"] == "1.2.3"
    assert seen["devices"] == {"receipt_printer": {"state": "ONLINE", "paper": "LOW"}}
    assert seen["backlog_pending"] == 1 and seen["backlog_oldest_age_s"] >= 0
    worker = SyncWorker(outbox, BureauClient(bureau.url, TERMINAL_ID, bureau.key), fast_settings())
    worker.run_once()  # a later heartbeat reports the empty backlog
    seen = bureau.terminal()
    assert (seen["backlog_pending"], seen["backlog_oldest_age_s"]) == (0, None)


def test_recording_wakes_the_worker_thread(tmp_path: Path, bureau: Bureau) -> None:
    box = Outbox.create(tmp_path / "o.sqlite3")
    worker = make_worker(box, bureau.url, bureau.key, idle_poll_s=60)  # only a recording can wake it in time
    worker.start()
    ids: list[str] = []

    def producer() -> None:
        for i in range(200):
            ids.append(box.record("t", {"i": i}).id)

    t = threading.Thread(target=producer)
    t.start()
    t.join()
    deadline = time.monotonic() + 15
    while len(bureau.accepted_ids()) < 200 and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop()
    assert sorted(bureau.accepted_ids()) == sorted(ids)


def test_a_row_the_bureau_never_answers_does_not_hold_up_the_rest(outbox: Outbox) -> None:
    ids = [outbox.record("t", {"n": i}).id for i in range(30)]
    silent = ids[0]

    def answer(path: str, body: dict[str, Any]) -> Reply:
        results = [{"id": i["id"], "status": "accepted"} for i in body.get("items", []) if i["id"] != silent]
        return Reply(200, {"results": results, "gaps": [], "ok": True})

    settings = fast_settings(batch_size=10, backoff_base_s=5, backoff_cap_s=10)
    worker = SyncWorker(outbox, ScriptedTransport(answer), settings)
    worker.drain(1)
    assert outbox.backlog().counts[SYNCED] == 29
    (row,) = outbox.rows(PENDING)
    assert row["id"] == silent and row["attempts"] == 1  # kept, waiting out its own backoff


def test_an_unreadable_row_is_set_aside_locally(outbox: Outbox, bureau: Bureau) -> None:
    ids = [outbox.record("t", {"applicant": {"name": "孙七"}}).id for _ in range(5)]
    # a sealed field copied from another row does not open here (it is bound to its own id)
    outbox.db.conn.execute("UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE id = ?) WHERE id = ?",
                           (ids[1], ids[2]))
    worker = make_worker(outbox, bureau.url, bureau.key)
    assert worker.drain(10)
    assert sorted(bureau.accepted_ids()) == sorted(ids[:2] + ids[3:])
    (row,) = outbox.rows(REJECTED)
    assert row["id"] == ids[2] and row["reason"].startswith("local: payload cannot be read")
