"""Idempotency keys, scoped to the terminal that chose them.

A key is the terminal's name for one request (a ticket number, an appointment id, a filing
id). The same terminal sending the same key with the same body gets the same record back
(a resend after a lost answer); with another body it gets 409 `key_conflict`. Another
terminal's use of the same key is another request altogether: it gets nothing of the
first's record, because a key printed on a receipt (申报编号) is no password.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bureau import store
from bureau.errors import ApiError
from taxcore.docpayload import canonical_json

T = TypeVar("T")


def digest(body: Any) -> str:
    """The request as the bureau compares it: SHA-256 of its canonical JSON."""
    return hashlib.sha256(canonical_json(body)).hexdigest()


def conflict() -> ApiError:
    return ApiError(409, "key_conflict", "this key was already used by this terminal for a different request")


def known(conn: Connection, terminal: str, scope: str, key: str, request_hash: str) -> str | None:
    """The record an earlier request with this key made, None if the key is new; 409 if the bodies differ."""
    k = store.request_keys
    mine = (k.c.terminal_id == terminal, k.c.scope == scope, k.c.key == key)
    row = conn.execute(sa.select(k.c.request_hash, k.c.record_id).where(*mine)).first()
    if row is None:
        return None
    if row.request_hash != request_hash:
        raise conflict()
    return str(row.record_id)


def remember(conn: Connection, terminal: str, scope: str, key: str, request_hash: str, record_id: str) -> None:
    conn.execute(store.request_keys.insert().values(
        terminal_id=terminal, scope=scope, key=key, request_hash=request_hash, record_id=record_id,
        created_at=time.time()))


def once_in(conn: Connection, terminal: str, scope: str, key: str, body: Any,
            create: Callable[[Connection], str]) -> tuple[str, bool]:
    """(record id, whether it was there already), on the caller's transaction: `create` makes the
    record and returns its id, at most once per terminal and key."""
    request_hash = digest(body)
    record_id = known(conn, terminal, scope, key, request_hash)
    if record_id is not None:
        return record_id, True
    record_id = create(conn)
    remember(conn, terminal, scope, key, request_hash, record_id)
    return record_id, False


def once(engine: Engine, terminal: str, scope: str, key: str, body: Any,
         create: Callable[[Connection], str], load: Callable[[Connection, str], T]) -> tuple[T, bool]:
    """`once_in` in a transaction of its own, and the record loaded. A concurrent request with
    the same key makes the loser's transaction roll back; its retry finds the winner's record."""
    for attempt in range(2):
        try:
            with engine.begin() as conn:
                record_id, duplicate = once_in(conn, terminal, scope, key, body, create)
                return load(conn, record_id), duplicate
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")
