"""Terminal authentication for every `/v1/*` request (scheme in `taxcore/signing.py`).

Refusals are 401 with a code the terminal can show in diagnostics: missing_auth,
unknown_terminal, stale_timestamp, bad_signature, replayed_nonce. Nonces are kept in the
database for twice the allowed clock skew, so a replay is refused across restarts.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection

from bureau import keys, store
from bureau.errors import ApiError
from taxcore import signing

log = logging.getLogger(__name__)

KEY_BYTES = 32
# What a well-formed header can hold; anything else is refused before it reaches arithmetic or HMAC.
_PRINTABLE = re.compile(r"[!-~]{1,128}")
_SIGNATURE = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def add_terminal(engine: Engine, terminal_id: str) -> str:
    """Provision (or re-key) a terminal; returns its new key as hex."""
    key_hex = secrets.token_hex(KEY_BYTES)
    sealed = keys.of(engine).seal(key_hex)  # stored encrypted: the database alone signs as no terminal
    with engine.begin() as conn:
        updated = conn.execute(
            store.terminals.update()
            .where(store.terminals.c.terminal_id == terminal_id)
            .values(key_hex=sealed)
        ).rowcount
        if not updated:
            conn.execute(
                store.terminals.insert().values(
                    terminal_id=terminal_id, key_hex=sealed, created_at=time.time()
                )
            )
    return key_hex


def _refuse(code: str, message: str) -> ApiError:
    return ApiError(401, code, message)


async def authenticated_terminal(request: Request) -> str:
    """FastAPI dependency: the id of the terminal that signed this request, or a 401."""
    return await signed_by(request, request.method, await request.body())


async def signed_by(request: HTTPConnection, method: str, body: bytes) -> str:
    """The terminal that signed this request or WebSocket handshake (`method` GET, no body), or a 401."""
    headers = request.headers
    terminal_id = headers.get(signing.HEADER_TERMINAL)
    timestamp = headers.get(signing.HEADER_TIMESTAMP)
    nonce = headers.get(signing.HEADER_NONCE)
    sig = headers.get(signing.HEADER_SIGNATURE)
    if not (terminal_id and timestamp and nonce and sig):
        raise _refuse("missing_auth", "request is not signed (terminal id, timestamp, nonce, signature)")
    if not (_PRINTABLE.fullmatch(nonce) and _PRINTABLE.fullmatch(terminal_id)) or len(terminal_id) > 64:
        raise _refuse("bad_signature", "nonce or terminal id too long or not printable ASCII")
    if not _SIGNATURE.fullmatch(sig):
        raise _refuse("bad_signature", "the signature is not 64 hex digits")
    if not _TIMESTAMP.fullmatch(timestamp):
        raise _refuse("stale_timestamp", "timestamp is not a unix time in seconds")
    ts = int(timestamp)
    now = time.time()
    if abs(now - ts) > signing.MAX_SKEW_S:
        raise _refuse(
            "stale_timestamp", f"timestamp is more than {signing.MAX_SKEW_S}s from the bureau clock"
        )
    # what the terminal signed: the target as received, percent-encoding kept (taxcore/signing.py)
    path = signing.received_target(request.scope)
    engine: Engine = request.app.state.engine
    await run_in_threadpool(_check, engine, terminal_id, method, path, timestamp, nonce, body, sig, now)
    return terminal_id


def _check(
    engine: Engine,
    terminal_id: str,
    method: str,
    path: str,
    timestamp: str,
    nonce: str,
    body: bytes,
    sig: str,
    now: float,
) -> None:
    """The database half of the check, run in a worker thread so the event loop never waits on it."""
    with engine.connect() as conn:
        key_hex = conn.execute(
            sa.select(store.terminals.c.key_hex).where(store.terminals.c.terminal_id == terminal_id)
        ).scalar()
    if key_hex is None:
        raise _refuse("unknown_terminal", "this terminal is not provisioned at the bureau")
    if not signing.verify(keys.of(engine).unseal(key_hex), method, path, timestamp, nonce, body, sig):
        log.warning("bad signature from terminal %s on %s", terminal_id, path)
        raise _refuse("bad_signature", "signature does not match the request")
    _remember_nonce(engine, terminal_id, nonce, now)


def _remember_nonce(engine: Engine, terminal_id: str, nonce: str, now: float) -> None:
    try:
        with engine.begin() as conn:
            conn.execute(store.nonces.insert().values(terminal_id=terminal_id, nonce=nonce, seen_at=now))
    except IntegrityError:
        raise _refuse("replayed_nonce", "this nonce was already used; a request is accepted once") from None
    if secrets.randbelow(200) == 0:  # occasional purge keeps the table small without a scheduler
        with engine.begin() as conn:
            conn.execute(store.nonces.delete().where(store.nonces.c.seen_at < now - 2 * signing.MAX_SKEW_S))


Terminal = Annotated[str, Depends(authenticated_terminal)]
"""Handler parameter type: the id of the terminal that signed the request."""
Db = Annotated[Engine, Depends(engine_of)]
"""Handler parameter type: the bureau's database engine."""
