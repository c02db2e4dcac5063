"""The outbox: every transaction is durably committed here before the screen says "done".

A row goes pending → sending → synced, or → rejected with the bureau's reason (set aside for a
technician, never retried blindly). A row left in `sending` by a crash is simply pending again
at the next start: the bureau deduplicates by the row's UUID, so resending is harmless.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from offline_queue import custody, store
from offline_queue.cipher import DecryptError, FieldCipher, redact

PENDING, SENDING, SYNCED, REJECTED = "pending", "sending", "synced", "rejected"
STATES = (PENDING, SENDING, SYNCED, REJECTED)

# Writes the caller's own rows inside the outbox's transaction; gets the transaction's receipt.
BusinessWrite = Callable[[sqlite_utils.Database, "Receipt"], object]


class OutOfService(RuntimeError):
    """This outbox takes no transactions until a technician recovers it (the message says why)."""


@dataclass(frozen=True)
class Receipt:
    """What the caller may show once `record` returns: the transaction is durable."""

    id: str
    seq: int
    created_at: str


@dataclass(frozen=True)
class Item:
    """One transaction as sent to the bureau (personal fields opened)."""

    id: str
    seq: int
    kind: str
    created_at: str
    payload: Any
    attempts: int

    def wire(self) -> dict[str, Any]:
        return {"id": self.id, "seq": self.seq, "kind": self.kind, "created_at": self.created_at,
                "payload": self.payload}


@dataclass(frozen=True)
class Backlog:
    counts: dict[str, int]
    oldest_pending_ts: float | None

    @property
    def pending(self) -> int:
        """Not yet at the bureau: pending plus in flight."""
        return self.counts[PENDING] + self.counts[SENDING]


class Outbox:
    """Thread-safe access to one outbox database (one connection, one lock)."""

    def __init__(
        self, db: sqlite_utils.Database, cipher: FieldCipher, clock: Callable[[], float] = time.time
    ) -> None:
        self.db = db
        self._cipher = cipher
        self._clock = clock
        self._lock = threading.RLock()
        self._on_record: list[Callable[[], None]] = []

    @classmethod
    def open(cls, path: Path | str, key_path: Path | str | None = None, adopt: bool = True) -> Outbox:
        """Open the outbox that is there (key defaults to `<path>.key` beside it); never creates one.

        Raises `custody.CustodyError` naming the file and what to do when the database, its key
        or its custody marker is missing, emptied, damaged or does not match the others. `adopt`:
        an outbox from before custody markers gets one (False: open it as it is, write nothing).
        """
        db, key = custody.open_checked(custody.Files.of(path, key_path), adopt)
        return cls(db, FieldCipher(key))

    @classmethod
    def create(cls, path: Path | str, key_path: Path | str | None = None) -> Outbox:
        """First install only: refused where any outbox file (database, key, marker) exists."""
        db, key = custody.create(custody.Files.of(path, key_path))
        return cls(db, FieldCipher(key))

    def refused(self) -> str | None:
        """Why this outbox takes no transactions (the bureau holds numbers it would reuse), if so."""
        with self._lock:
            return custody.refused(self.db)

    def check_bureau_sequence(self, highest: int) -> str | None:
        """The bureau's highest sequence number from this terminal: one at or above ours means this
        outbox would reuse numbers (restored from an old backup, or a fresh file where one existed).
        It then takes no more transactions until a technician recovers it; returns why."""
        with self._lock:
            next_seq = int(self.get_meta("next_seq") or 1)
            if highest < next_seq:
                return None
            reason = (f"the bureau already holds sequence number {highest} from this terminal, but this outbox "
                      f"would number the next transaction {next_seq}: it is not the outbox that sent them. "
                      "Check [paths] data_dir; `kiosk queue recover` resumes above the bureau's number.")
            if self.refused() != reason:
                self.set_meta(custody.REFUSED_META, reason)
            return reason

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # -- recording -------------------------------------------------------------------------

    def subscribe(self, on_record: Callable[[], None]) -> None:
        """Call `on_record` after each commit (the sync worker wakes up instead of polling)."""
        self._on_record.append(on_record)

    def record(self, kind: str, payload: Any, business: BusinessWrite | None = None) -> Receipt:
        """Commit a transaction (and the caller's business row, in the same transaction).

        Returns only after the commit reached the disk (WAL, synchronous=FULL).
        """
        txn_id = str(uuid.uuid4())
        if (reason := self.refused()) is not None:
            raise OutOfService(reason)
        now = self._clock()
        created_at = datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds")
        sealed = self.seal(payload, txn_id)
        with self._lock:
            nested = self.db.conn.in_transaction  # then the caller's commit makes it durable, not ours
            with store.write(self.db):
                seq = int(self.db.conn.execute(
                    "UPDATE outbox_meta SET value = CAST(value AS INTEGER) + 1 WHERE name = 'next_seq' "
                    "RETURNING CAST(value AS INTEGER) - 1").fetchone()[0])
                if business is not None:
                    business(self.db, Receipt(txn_id, seq, created_at))
                self.db.conn.execute(
                    "INSERT INTO outbox (id, seq, kind, created_at, created_ts, payload, state, next_due,"
                    " updated_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (txn_id, seq, kind, created_at, now, sealed, PENDING, now, now))
        if not nested:
            for notify in self._on_record:
                notify()
        return Receipt(txn_id, seq, created_at)

    def write(self, business: Callable[[sqlite_utils.Database], object]) -> None:
        """Commit the caller's own rows (no transaction for the bureau), as durably as `record`."""
        with self._lock, store.write(self.db):
            business(self.db)

    def read(self, query: Callable[[sqlite_utils.Database], Any]) -> Any:
        """Run the caller's read under the outbox's lock (its connection is shared by threads)."""
        with self._lock:
            return query(self.db)

    def seal(self, payload: Any, aad: str) -> str:
        """JSON text of `payload` with its personal fields sealed, bound to `aad` (a row's key)."""
        return json.dumps(self._cipher.seal(payload, aad), ensure_ascii=False, separators=(",", ":"))

    def unseal(self, text: str, aad: str) -> Any:
        return self._cipher.open(json.loads(text), aad)

    # -- the sync worker's side ------------------------------------------------------------

    def recover(self) -> int:
        """After a crash: rows left `sending` go back to pending (the bureau deduplicates)."""
        with self._lock, store.write(self.db):
            return self.db.conn.execute(
                "UPDATE outbox SET state = ?, updated_ts = ? WHERE state = ?",
                (PENDING, self._clock(), SENDING)).rowcount

    def claim_due(self, limit: int) -> list[Item]:
        """Mark up to `limit` due rows as sending and return them, oldest due first."""
        now = self._clock()
        with self._lock, store.write(self.db):
            rows = self.db.conn.execute(
                "SELECT id, seq, kind, created_at, payload, attempts FROM outbox"
                " WHERE state = ? AND next_due <= ? ORDER BY next_due, seq LIMIT ?",
                (PENDING, now, limit)).fetchall()
            self.db.conn.executemany(
                "UPDATE outbox SET state = ?, updated_ts = ? WHERE id = ?",
                [(SENDING, now, r[0]) for r in rows])
        items, unreadable = [], {}
        for r in rows:
            try:
                items.append(Item(r[0], r[1], r[2], r[3], self.unseal(r[4], r[0]), r[5]))
            except (DecryptError, ValueError) as exc:
                unreadable[r[0]] = f"local: payload cannot be read ({exc})"
        if unreadable:  # set aside for a technician rather than blocking every batch behind it
            self.mark_rejected(unreadable)
        return items

    def mark_synced(self, ids: Iterable[str]) -> int:
        now = self._clock()
        with self._lock, store.write(self.db):
            cur = self.db.conn.executemany(
                "UPDATE outbox SET state = ?, synced_ts = ?, updated_ts = ?, reason = NULL"
                " WHERE id = ? AND state IN (?, ?)",
                [(SYNCED, now, now, i, SENDING, PENDING) for i in ids])
            return cur.rowcount

    def mark_rejected(self, reasons: dict[str, str]) -> int:
        now = self._clock()
        with self._lock, store.write(self.db):
            cur = self.db.conn.executemany(
                "UPDATE outbox SET state = ?, reason = ?, updated_ts = ? WHERE id = ? AND state IN (?, ?)",
                [(REJECTED, reason, now, i, SENDING, PENDING) for i, reason in reasons.items()])
            return cur.rowcount

    def release(self, ids: Iterable[str], delay_s: float = 0.0, count_attempt: bool = True) -> int:
        """Put in-flight rows back to pending, due again after `delay_s`."""
        now = self._clock()
        with self._lock, store.write(self.db):
            cur = self.db.conn.executemany(
                "UPDATE outbox SET state = ?, next_due = ?, attempts = attempts + ?, updated_ts = ?"
                " WHERE id = ? AND state = ?",
                [(PENDING, now + delay_s, int(count_attempt), now, i, SENDING) for i in ids])
            return cur.rowcount

    # -- maintenance and diagnostics -------------------------------------------------------

    def purge_synced(self, retention_s: float) -> int:
        """Delete synced rows older than the retention; unsynced rows are never touched."""
        with self._lock, store.write(self.db):
            return self.db.conn.execute(
                "DELETE FROM outbox WHERE state = ? AND synced_ts < ?",
                (SYNCED, self._clock() - retention_s)).rowcount

    def clamp_due(self, max_delay_s: float) -> int:
        """Rows due further ahead than any backoff allows (the wall clock went back) are due now."""
        now = self._clock()
        with self._lock, store.write(self.db):
            return self.db.conn.execute(
                "UPDATE outbox SET next_due = ? WHERE state = ? AND next_due > ?",
                (now, PENDING, now + max_delay_s)).rowcount

    def retry(self, ids: Iterable[str] | None = None) -> int:
        """A technician's decision: rejected rows (all, or these) become pending, and every
        pending row is due now (the backoff is forgotten)."""
        now = self._clock()
        with self._lock, store.write(self.db):
            if ids is None:
                changed = self.db.conn.execute(
                    "UPDATE outbox SET state = ?, reason = NULL, next_due = ?, updated_ts = ?"
                    " WHERE state = ?",
                    (PENDING, now, now, REJECTED)).rowcount
            else:
                changed = self.db.conn.executemany(
                    "UPDATE outbox SET state = ?, reason = NULL, next_due = ?, updated_ts = ?"
                    " WHERE id = ? AND state = ?",
                    [(PENDING, now, now, i, REJECTED) for i in ids]).rowcount
            self.db.conn.execute("UPDATE outbox SET next_due = ? WHERE state = ? AND next_due > ?",
                                 (now, PENDING, now))
            return changed

    def backlog(self) -> Backlog:
        with self._lock:
            counts = dict.fromkeys(STATES, 0)
            by_state = self.db.conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
            counts.update(by_state)
            oldest = [
                row[0] for state in (PENDING, SENDING)
                for row in self.db.conn.execute(
                    "SELECT created_ts FROM outbox WHERE state = ? ORDER BY seq LIMIT 1", (state,))
            ]
        return Backlog(counts, min(oldest) if oldest else None)

    def rows(self, state: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Rows for listings and exports, newest first, personal fields withheld."""
        where, params = ("WHERE state = ?", [state]) if state else ("", [])
        with self._lock:
            rows = list(self.db.query(
                f"SELECT id, seq, kind, created_at, state, attempts, reason, payload FROM outbox {where}"
                " ORDER BY seq DESC LIMIT ?", [*params, limit]))
        for row in rows:
            row["payload"] = redact(json.loads(row["payload"]))
        return rows

    def get_meta(self, name: str) -> str | None:
        with self._lock:
            row = self.db.conn.execute("SELECT value FROM outbox_meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, name: str, value: str | None) -> None:
        with self._lock, store.write(self.db):
            if value is None:
                self.db.conn.execute("DELETE FROM outbox_meta WHERE name = ?", (name,))
            else:
                self.db.conn.execute(
                    "INSERT OR REPLACE INTO outbox_meta (name, value) VALUES (?, ?)", (name, value))

    def next_number(self, counter: str) -> int:
        """1, 2, 3… per named counter, committed before it is returned: never handed out twice,
        even across a crash (a crash may skip a number, which is harmless)."""
        with self._lock, store.write(self.db):
            return int(self.db.conn.execute(
                "INSERT INTO outbox_meta (name, value) VALUES (?, '1') ON CONFLICT (name) DO UPDATE"
                " SET value = CAST(value AS INTEGER) + 1 RETURNING CAST(value AS INTEGER)", (counter,)).fetchone()[0])
