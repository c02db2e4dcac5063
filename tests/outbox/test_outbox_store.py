"""The outbox on disk: durability settings, atomic business rows, states, purge, encryption."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from offline_queue import store
from offline_queue.cipher import FieldCipher, KeyFileError, load_or_create_key
from offline_queue.custody import CustodyError
from offline_queue.outbox import PENDING, REJECTED, SENDING, SYNCED, Outbox

PERSON = {"name": "张伟明", "id_number": "11010519491231002X"}


def test_every_connection_is_wal_and_synchronous_full(tmp_path: Path) -> None:
    db = store.connect(tmp_path / "o.sqlite3")
    db.close()
    db = store.connect(tmp_path / "o.sqlite3")  # re-opened: set and verified again
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA synchronous").fetchone()[0] == store.SYNCHRONOUS_FULL


def test_a_database_that_cannot_be_wal_is_refused() -> None:
    # An in-memory database answers journal_mode=memory: the outbox refuses to run without WAL.
    with pytest.raises(store.StorageError, match="need wal"):
        store.connect(":memory:")


def test_record_assigns_uuid_and_increasing_sequence(outbox: Outbox) -> None:
    receipts = [outbox.record("ticket", {"n": i}) for i in range(5)]
    assert [r.seq for r in receipts] == [1, 2, 3, 4, 5]
    assert len({r.id for r in receipts}) == 5
    assert outbox.backlog().counts[PENDING] == 5


def test_sequence_is_never_reused_after_purge(outbox: Outbox) -> None:
    first = [outbox.record("ticket", {}) for _ in range(3)]
    outbox.mark_synced(r.id for r in first)
    assert outbox.purge_synced(retention_s=-1) == 3
    assert outbox.record("ticket", {}).seq == 4


def test_business_row_and_outbox_row_commit_together(outbox: Outbox) -> None:
    def business(db, receipt):  # type: ignore[no-untyped-def]
        db["tickets"].insert({"number": "A001", "txn_id": receipt.id})

    receipt = outbox.record("ticket", {"number": "A001"}, business=business)
    assert list(outbox.db["tickets"].rows) == [{"number": "A001", "txn_id": receipt.id}]

    def failing(db, receipt):  # type: ignore[no-untyped-def]
        db["tickets"].insert({"number": "A002"})
        raise RuntimeError("printer said no")

    with pytest.raises(RuntimeError):
        outbox.record("ticket", {"number": "A002"}, business=failing)
    assert outbox.db["tickets"].count == 1
    assert outbox.backlog().counts[PENDING] == 1
    # the failed attempt did not consume a sequence number either
    assert outbox.record("ticket", {}).seq == 2


def test_committed_rows_are_visible_to_a_fresh_connection(tmp_path: Path) -> None:
    box = Outbox.create(tmp_path / "o.sqlite3")
    receipt = box.record("rating", {"stars": 5})
    other = sqlite3.connect(tmp_path / "o.sqlite3")
    row = other.execute("SELECT seq, state FROM outbox WHERE id = ?", (receipt.id,)).fetchone()
    assert row == (1, PENDING)


def test_states_and_recovery_of_rows_left_sending(outbox: Outbox) -> None:
    ids = [outbox.record("t", {"i": i}).id for i in range(4)]
    claimed = outbox.claim_due(3)
    assert [c.id for c in claimed] == ids[:3]
    assert outbox.backlog().counts[SENDING] == 3
    outbox.mark_synced([ids[0]])
    outbox.mark_rejected({ids[1]: "invalid tax code"})
    # crash here: ids[2] stays 'sending' until the next start
    assert outbox.recover() == 1
    counts = outbox.backlog().counts
    assert counts == {PENDING: 2, SENDING: 0, SYNCED: 1, REJECTED: 1}
    assert outbox.rows(REJECTED)[0]["reason"] == "invalid tax code"


def test_retention_purge_deletes_only_old_synced_rows(tmp_path: Path) -> None:
    now = [1_000_000.0]
    box = Outbox(store.connect(tmp_path / "o.sqlite3"), FieldCipher(os.urandom(32)), clock=lambda: now[0])
    old_synced = [box.record("t", {}).id for _ in range(3)]
    box.claim_due(10)
    box.mark_synced(old_synced)
    old_pending = box.record("t", {}).id
    old_rejected = box.record("t", {}).id
    box.claim_due(10)
    box.mark_rejected({old_rejected: "no"})
    box.release([old_pending], delay_s=10**9)  # backing off for a very long time: still unsynced
    now[0] += 10 * 86400
    recent = box.record("t", {}).id
    box.claim_due(10)
    box.mark_synced([recent])
    assert box.purge_synced(retention_s=7 * 86400) == 3
    remaining = {r["id"]: r["state"] for r in box.rows(limit=100)}
    assert remaining == {old_pending: PENDING, old_rejected: REJECTED, recent: SYNCED}


def test_next_due_query_uses_the_composite_index(outbox: Outbox) -> None:
    plan = " ".join(str(r[-1]) for r in outbox.db.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE state = 'pending' AND next_due <= 1"
        " ORDER BY next_due, seq LIMIT 100"))
    assert "outbox_due" in plan and "TEMP B-TREE" not in plan


def test_personal_fields_are_not_in_the_database_file(tmp_path: Path) -> None:
    box = Outbox.create(tmp_path / "o.sqlite3")
    payload = {"service": "queue_ticket", "applicant": dict(PERSON),
               "note": "代办人证件 440301199003077654"}
    receipt = box.record("ticket", payload)
    box.db.conn.execute("PRAGMA wal_checkpoint(FULL)")
    box.close()
    files = [p for p in tmp_path.iterdir() if p.name.startswith("o.sqlite3") and not p.name.endswith(".key")]
    raw = b"".join(p.read_bytes() for p in files)
    assert b"queue_ticket" in raw  # the grep does see the row...
    for secret in (PERSON["name"], PERSON["id_number"], "440301199003077654"):
        assert secret.encode("utf-8") not in raw  # ...but not the person
    # and with the key the transaction opens intact for sending
    box = Outbox.open(tmp_path / "o.sqlite3")
    (item,) = box.claim_due(1)
    assert item.id == receipt.id and item.payload == payload


def test_sealed_fields_are_bound_to_their_transaction(tmp_path: Path) -> None:
    cipher = FieldCipher(os.urandom(32))
    sealed = cipher.seal({"name": "李四"}, "txn-a")
    assert cipher.open(sealed, "txn-a") == {"name": "李四"}
    with pytest.raises(ValueError):
        cipher.open(sealed, "txn-b")


def test_key_file_is_created_0600_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "outbox.key"
    key = load_or_create_key(path)
    assert len(key) == 32
    assert (path.stat().st_mode & 0o777) == 0o600
    assert load_or_create_key(path) == key


def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "outbox.key"
    load_or_create_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_or_create_key(path)
    Outbox.create(tmp_path / "o.sqlite3").close()
    os.chmod(tmp_path / "o.sqlite3.key", 0o644)
    with pytest.raises(CustodyError, match="chmod 600"):  # refused, never replaced by a new key
        Outbox.open(tmp_path / "o.sqlite3")


def test_rows_stranded_by_a_clock_jump_back_become_due(tmp_path: Path) -> None:
    now = [2_000_000_000.0]  # the clock ran a day fast while these were backing off...
    box = Outbox(store.connect(tmp_path / "o.sqlite3"), FieldCipher(os.urandom(32)), clock=lambda: now[0])
    ids = [box.record("t", {}).id for _ in range(2)]
    box.claim_due(2)
    box.release(ids, delay_s=60)
    now[0] -= 86400  # ...then NTP set it right
    assert box.claim_due(10) == []
    assert box.clamp_due(max_delay_s=300) == 2
    assert {i.id for i in box.claim_due(10)} == set(ids)
    assert box.clamp_due(max_delay_s=300) == 0
