"""Opening the outbox database: every connection is checked to be durable before it is used.

A terminal reports success to a taxpayer only after the commit, so a connection that silently
fell back to a rollback journal or `synchronous=NORMAL` (a read-only mount, an old SQLite,
someone's PRAGMA in a shell) would turn "done" into "maybe". We refuse such a connection.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

SCHEMA_VERSION = 1
SYNCHRONOUS_FULL = 2
BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id TEXT PRIMARY KEY,             -- UUID: the idempotency key at the bureau
    seq INTEGER NOT NULL UNIQUE,     -- per-terminal sequence, never reused
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,        -- ISO 8601, UTC
    created_ts REAL NOT NULL,
    payload TEXT NOT NULL,           -- JSON, personal fields sealed with AES-GCM
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'synced', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_due REAL NOT NULL,
    reason TEXT,
    synced_ts REAL,
    updated_ts REAL NOT NULL
);
-- "Next due": WHERE state = 'pending' AND next_due <= ? ORDER BY next_due, seq LIMIT n
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_due, seq);
-- Oldest pending and listings in sequence order.
CREATE INDEX IF NOT EXISTS outbox_state_seq ON outbox (state, seq);
CREATE TABLE IF NOT EXISTS outbox_meta (name TEXT PRIMARY KEY, value TEXT);
INSERT OR IGNORE INTO outbox_meta (name, value) VALUES ('next_seq', '1');
"""


class StorageError(RuntimeError):
    """The outbox database cannot be opened with the durability we promise."""


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) the outbox; WAL and synchronous=FULL are set and verified."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        sync = conn.execute("PRAGMA synchronous").fetchone()[0]
        if str(mode).lower() != "wal" or sync != SYNCHRONOUS_FULL:
            raise StorageError(f"{path}: journal_mode={mode}, synchronous={sync}; need wal and FULL (2)")
        db = sqlite_utils.Database(conn)
        with write(db):
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except BaseException:
        conn.close()
        raise
    return db


@contextlib.contextmanager
def write(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction, taken with BEGIN IMMEDIATE so it waits for the lock up front.

    Nested use becomes a savepoint (sqlite-utils' `atomic`), so a caller's business row and
    the outbox row commit together or not at all.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.conn.execute("COMMIT")


def integrity_ok(db: sqlite_utils.Database) -> tuple[bool, str]:
    """`PRAGMA integrity_check`, as (ok, first message)."""
    rows = db.conn.execute("PRAGMA integrity_check").fetchall()
    first = rows[0][0] if rows else "no answer"
    return first == "ok", first
