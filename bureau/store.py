"""The bureau's storage: one SQLite file (WAL), one lock, explicit transactions.

Terminals, their keys, used nonces, ingested transactions (unique forever on their id) and
heartbeats. PostgreSQL support is the next step for fleets; the SQL is kept portable.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS terminals (id TEXT PRIMARY KEY, key_hex TEXT NOT NULL, created REAL NOT NULL,
    last_seen REAL, version TEXT, devices TEXT, backlog TEXT);
CREATE TABLE IF NOT EXISTS nonces (terminal_id TEXT NOT NULL, nonce TEXT NOT NULL, seen REAL NOT NULL,
    PRIMARY KEY (terminal_id, nonce));
CREATE TABLE IF NOT EXISTS transactions (id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, seq INTEGER NOT NULL,
    kind TEXT NOT NULL, created_at TEXT NOT NULL, payload TEXT NOT NULL, received REAL NOT NULL);
CREATE INDEX IF NOT EXISTS transactions_terminal_seq ON transactions (terminal_id, seq);
"""


def open_url(url: str) -> Store:
    """`sqlite:///path/to/file.db` (or a bare path)."""
    if url.startswith("sqlite:///"):
        return Store(Path(url.removeprefix("sqlite:///")))
    if "://" in url:
        raise ValueError(f"unsupported database URL {url!r}: use sqlite:///path")
    return Store(Path(url))


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- terminals -------------------------------------------------------------------------
    def add_terminal(self, terminal_id: str) -> bytes:
        key = secrets.token_bytes(32)
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO terminals (id, key_hex, created) VALUES (?, ?, ?)",
                       (terminal_id, key.hex(), time.time()))
        return key

    def terminal_key(self, terminal_id: str) -> bytes | None:
        with self._lock:
            row = self._db.execute("SELECT key_hex FROM terminals WHERE id = ?", (terminal_id,)).fetchone()
        return bytes.fromhex(row[0]) if row else None

    def use_nonce(self, terminal_id: str, nonce: str, max_age_s: float) -> bool:
        """False if this nonce was already used (a replay); old nonces are forgotten."""
        now = time.time()
        with self.transaction() as db:
            db.execute("DELETE FROM nonces WHERE seen < ?", (now - max_age_s,))
            cur = db.execute("INSERT OR IGNORE INTO nonces VALUES (?, ?, ?)", (terminal_id, nonce, now))
            return cur.rowcount == 1

    # --- ingest ----------------------------------------------------------------------------
    def ingest(self, terminal_id: str, items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[list[int]]]:
        """Per item: accepted, duplicate (already held: counts as delivered) or rejected."""
        results: list[dict[str, Any]] = []
        now = time.time()
        with self.transaction() as db:
            for item in items:
                problem = _invalid(item)
                if problem:
                    results.append({"id": str(item.get("id")), "status": "rejected", "reason": problem})
                    continue
                cur = db.execute(
                    "INSERT OR IGNORE INTO transactions VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (item["id"], terminal_id, item["seq"], item["kind"], item["created_at"],
                     json.dumps(item["payload"], ensure_ascii=False), now))
                results.append({"id": item["id"], "status": "accepted" if cur.rowcount else "duplicate",
                                "reason": None})
            seqs = [r[0] for r in db.execute(
                "SELECT seq FROM transactions WHERE terminal_id = ? ORDER BY seq", (terminal_id,))]
        return results, _gaps(seqs)

    def transactions(self, terminal_id: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE terminal_id = ?", [terminal_id]) if terminal_id else ("", [])
        with self._lock:
            rows = self._db.execute(
                f"SELECT id, terminal_id, seq, kind, created_at, payload FROM transactions {where} ORDER BY seq",
                params).fetchall()
        return [{"id": r[0], "terminal_id": r[1], "seq": r[2], "kind": r[3], "created_at": r[4],
                 "payload": json.loads(r[5])} for r in rows]

    def heartbeat(self, terminal_id: str, version: str, devices: dict[str, Any], backlog: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute("UPDATE terminals SET last_seen = ?, version = ?, devices = ?, backlog = ? WHERE id = ?",
                       (time.time(), version, json.dumps(devices), json.dumps(backlog), terminal_id))

    def fleet(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, last_seen, version, devices, backlog FROM terminals ORDER BY id").fetchall()
        return [{"id": r[0], "last_seen": r[1], "version": r[2], "devices": json.loads(r[3] or "{}"),
                 "backlog": json.loads(r[4] or "{}")} for r in rows]


def _invalid(item: dict[str, Any]) -> str | None:
    if not isinstance(item.get("id"), str) or not item["id"]:
        return "missing id"
    if not isinstance(item.get("seq"), int) or item["seq"] < 0:
        return "seq must be a non-negative integer"
    if not isinstance(item.get("kind"), str) or not item["kind"]:
        return "missing kind"
    if not isinstance(item.get("created_at"), str):
        return "missing created_at"
    if "payload" not in item:
        return "missing payload"
    return None


def _gaps(seqs: list[int]) -> list[list[int]]:
    """Missing runs in a terminal's sequence numbers, from its first one seen."""
    gaps = []
    for a, b in zip(seqs, seqs[1:], strict=False):
        if b > a + 1:
            gaps.append([a + 1, b - 1])
    return gaps
