"""Custody of the outbox: never a fresh outbox or key where one existed.

An outbox made anew where one existed restarts its sequence at 1 (the bureau then refuses every
new transaction) and a regenerated key strands every sealed row. So a fresh outbox is made only
on purpose: `create` (first install, `kiosk queue init`) or `replace` (a technician's
`kiosk queue recover`). Both write a custody marker beside the database, and every later open
checks the database, its key and the marker against each other. Whatever does not match is a
`CustodyError` naming the file and what to do; nothing is created, moved or overwritten. A
corrupt file is left exactly as found, for forensics, until a technician's recovery moves it aside.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from offline_queue import store
from offline_queue.key_files import KEY_BYTES, KeyFileError, create_key, read_key
from taxcore.private_file import write_private

MARKER_SUFFIX = ".custody"
KEY_SUFFIX = ".key"
OUTBOX_ID_META = "outbox_id"
KEY_CHECK_META = "key_check"
REFUSED_META = "custody_refused"  # set when the bureau holds sequence numbers this outbox would reuse
_KEY_CHECK_PLAIN = b"tax-kiosk outbox key"
_SQLITE_HEADER = b"SQLite format 3\x00"


class CustodyError(store.StorageError):
    """The outbox or its key is not the one that was there: refuse, never recreate."""

    def __init__(self, path: Path, problem: str, advice: str) -> None:
        super().__init__(f"{path}: {problem}. {advice}")
        self.path, self.problem, self.advice = path, problem, advice


class OutboxCorrupt(CustodyError):
    """SQLite reports damage: the file is kept as it is for forensics."""


@dataclass(frozen=True)
class Files:
    """The outbox database, its key and its custody marker (all beside each other by default)."""

    db: Path
    key: Path
    marker: Path

    @classmethod
    def of(cls, db: Path | str, key: Path | str | None = None) -> Files:
        db = Path(db)
        return cls(db, Path(key) if key else db.with_name(db.name + KEY_SUFFIX),
                   db.with_name(db.name + MARKER_SUFFIX))

    def sidecars(self) -> list[Path]:
        return [self.db.with_name(self.db.name + s) for s in ("-wal", "-shm")]

    def existing(self) -> list[Path]:
        return [p for p in (self.db, *self.sidecars(), self.key, self.marker) if p.exists()]


RECOVER = "A technician restores service with `kiosk queue recover` (it keeps this file and resumes above the " \
          "bureau's sequence)."


def read_marker(files: Files) -> dict[str, Any] | None:
    try:
        text = files.marker.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise CustodyError(files.marker, f"the custody marker cannot be read ({exc})", RECOVER) from exc
    try:
        marker = json.loads(text)
    except ValueError as exc:
        raise CustodyError(files.marker, "the custody marker is damaged", RECOVER) from exc
    if not isinstance(marker, dict) or not isinstance(marker.get(OUTBOX_ID_META), str):
        raise CustodyError(files.marker, "the custody marker is damaged", RECOVER)
    return marker


def open_checked(files: Files, adopt: bool = True) -> tuple[sqlite_utils.Database, bytes]:
    """Open an outbox that must already exist and be the one its marker describes.

    An outbox from before custody markers is adopted (marker written) when `adopt`; the
    technician's read-only commands pass False and so never write a file.
    """
    marker = read_marker(files)
    if not files.db.exists():
        if marker is None:
            raise CustodyError(
                files.db, "no outbox here",
                "If this is a new terminal, set it up once with `kiosk queue init`; otherwise check "
                "[paths] data_dir in the config: the outbox was expected at this path. Nothing was created.")
        raise CustodyError(files.db, f"the outbox is missing (created here on {marker.get('created_at', '?')})",
                           "Put the file back if it was moved or restored from a backup; " + RECOVER)
    _check_header(files.db)
    try:
        key = read_key(files.key)
    except FileNotFoundError:
        raise CustodyError(files.key, "the outbox key is missing; it is never made again, since every sealed "
                           "row would become unreadable", "Restore the key file; " + RECOVER) from None
    except KeyFileError as exc:
        raise CustodyError(files.key, str(exc).removeprefix(f"{files.key}: "), "Fix the key file; " + RECOVER) \
            from None
    meta = _inspect(files.db)
    _check_identity(files, marker, meta, key)
    db = store.connect(files.db)  # the schema is there, so this only sets and verifies the pragmas
    if marker is None and OUTBOX_ID_META not in meta and adopt:
        _adopt(db, files, key)  # an outbox from before custody markers: it is the one that was here
    return db, key


def create(files: Files) -> tuple[sqlite_utils.Database, bytes]:
    """First install: a new outbox, key and marker, refused if any of them is already there."""
    if found := files.existing():
        raise CustodyError(found[0], "an outbox (or its key) is already here",
                           "It is never replaced by a fresh one; `kiosk queue status` shows its state.")
    files.db.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return _fresh(files, create_key(files.key), next_seq=1, history=[])


def replace(files: Files, next_seq: int, reason: str) -> tuple[sqlite_utils.Database, bytes, list[Path]]:
    """A technician's recovery: the old files are moved aside (never deleted) and a fresh outbox
    starts at `next_seq`. The key is kept when it is there (it may open the old rows later)."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    kept: list[Path] = []
    for path in (files.db, *files.sidecars()):
        if path.exists():
            aside = path.with_name(f"{path.name}.{stamp}.kept")
            path.rename(aside)
            kept.append(aside)
    old = read_marker_quietly(files) or {}
    history = [*old.pop("history", []), {**old, "replaced_at": stamp, "reason": reason,
                                         "kept": [p.name for p in kept]}]
    key = read_key(files.key) if files.key.exists() else create_key(files.key)
    db, key = _fresh(files, key, next_seq, history)
    return db, key, kept


def read_marker_quietly(files: Files) -> dict[str, Any] | None:
    try:
        return read_marker(files)
    except CustodyError:
        return None


def refused(db: sqlite_utils.Database) -> str | None:
    row = db.conn.execute("SELECT value FROM outbox_meta WHERE name = ?", (REFUSED_META,)).fetchone()
    return None if row is None else str(row[0])


def _fresh(files: Files, key: bytes, next_seq: int, history: list[Any]) -> tuple[sqlite_utils.Database, bytes]:
    outbox_id = str(uuid.uuid4())
    db = store.connect(files.db)
    with store.write(db):
        meta = [("next_seq", str(next_seq)), (OUTBOX_ID_META, outbox_id), (KEY_CHECK_META, _key_check(key))]
        db.conn.executemany("INSERT OR REPLACE INTO outbox_meta (name, value) VALUES (?, ?)", meta)
    marker = {OUTBOX_ID_META: outbox_id, "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "db": files.db.name, "key": files.key.name, "first_seq": next_seq, "history": history}
    write_private(files.marker, json.dumps(marker, ensure_ascii=False, indent=1).encode())
    return db, key


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise CustodyError(path, f"the outbox cannot be read ({exc.strerror})",
                           "Check the file's owner and mode (the kiosk user, 600).") from exc
    if not head:
        raise CustodyError(path, "the outbox file is empty (emptied or truncated to nothing)",
                           "It is kept as it is. " + RECOVER)
    if head != _SQLITE_HEADER:
        raise OutboxCorrupt(path, "the file is not an SQLite database (overwritten or damaged)",
                            "It is kept as it is for inspection. " + RECOVER)


def _inspect(path: Path) -> dict[str, str]:
    """The outbox's meta, read without creating or changing anything; `integrity_check` first."""
    # Without a write-ahead log beside it the file is read as immutable: no -wal or -shm appears.
    wal = path.with_name(path.name + "-wal").exists()
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + ("?mode=ro" if wal else "?mode=ro&immutable=1"), uri=True,
                               isolation_level=None)
    except sqlite3.Error as exc:
        raise CustodyError(path, f"the outbox cannot be opened ({exc})", "Check the file's owner and mode.") \
            from exc
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        first = rows[0][0] if rows else "no answer"
        if first != "ok":
            raise OutboxCorrupt(path, f"integrity check failed ({first})",
                                "It is kept as it is for inspection. " + RECOVER)
        if not {"outbox", "outbox_meta"} <= tables:
            raise CustodyError(path, "the file holds no outbox (emptied, or another database)",
                               "It is kept as it is. " + RECOVER)
        return {str(k): str(v) for k, v in conn.execute("SELECT name, value FROM outbox_meta")}
    except sqlite3.DatabaseError as exc:
        raise OutboxCorrupt(path, f"the outbox is damaged ({exc})",
                            "It is kept as it is for inspection. " + RECOVER) from exc
    finally:
        conn.close()


def _check_identity(files: Files, marker: dict[str, Any] | None, meta: dict[str, str], key: bytes) -> None:
    if marker is None and OUTBOX_ID_META not in meta:
        return  # from before custody markers (adopted by the kiosk's own open)
    if marker is None or OUTBOX_ID_META not in meta:
        raise CustodyError(files.marker, "the custody marker and this outbox do not belong together",
                           "Put back the files that were here; " + RECOVER)
    if meta[OUTBOX_ID_META] != marker[OUTBOX_ID_META]:
        raise CustodyError(files.db, "this is not the outbox created here (its id differs from the custody "
                           f"marker {files.marker.name})", "Put the right file back; " + RECOVER)
    check = meta.get(KEY_CHECK_META)
    if check is None or not _key_opens(key, check):
        raise CustodyError(files.key, "the key does not open this outbox (a different key file)",
                           "Restore the outbox's own key; " + RECOVER)


def _adopt(db: sqlite_utils.Database, files: Files, key: bytes) -> None:
    outbox_id = str(uuid.uuid4())
    with store.write(db):
        db.conn.executemany("INSERT OR REPLACE INTO outbox_meta (name, value) VALUES (?, ?)",
                            [(OUTBOX_ID_META, outbox_id), (KEY_CHECK_META, _key_check(key))])
    marker = {OUTBOX_ID_META: outbox_id, "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "db": files.db.name,
              "key": files.key.name, "adopted": True, "history": []}
    write_private(files.marker, json.dumps(marker, ensure_ascii=False, indent=1).encode())


def _key_check(key: bytes) -> str:
    nonce = os.urandom(12)
    return (nonce + AESGCM(key).encrypt(nonce, _KEY_CHECK_PLAIN, b"custody")).hex()


def _key_opens(key: bytes, check: str) -> bool:
    try:
        raw = bytes.fromhex(check)
        return len(key) == KEY_BYTES and AESGCM(key).decrypt(raw[:12], raw[12:], b"custody") == _KEY_CHECK_PLAIN
    except (ValueError, InvalidTag):
        return False


