"""Taxpayer sessions: what a terminal may read or do for a taxpayer, and for how long.

Identification at a terminal (the ID card read and the live face verified here, in
`POST /v1/identity/verify`) opens a session bound to that terminal, that taxpayer and the
terminal's visit, and answers a random token. Every request that reads or acts for a taxpayer
carries it in `X-Taxpayer-Session`, signed by the same terminal; the bureau refuses it for any
other taxpayer, from any other terminal, after the visit ended (`POST /v1/identity/session/end`,
sent by the kiosk when its session ends) or after `SESSION_TTL_S`. The table keeps only the
token's hash, so reading the database gives no usable token.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from sqlalchemy.engine import Connection

from bureau import store
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, ApiError, refusals
from taxcore import signing

HEADER = signing.HEADER_TAXPAYER_SESSION
SESSION_TTL_S = 20 * 60  # a visit at a kiosk; the kiosk ends it sooner, at its own session end

router = APIRouter(prefix="/v1/identity", tags=["taxpayers"], responses=SIGNED)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(
    conn: Connection, terminal: str, id_number: str, visit_id: str | None, method: str
) -> tuple[str, float]:
    """(token, expiry) of a new session for a taxpayer verified just now at `terminal`."""
    token = secrets.token_urlsafe(32)
    now = time.time()
    expires = now + SESSION_TTL_S
    conn.execute(store.taxpayer_sessions.insert().values(
        token_hash=_hash(token), terminal_id=terminal, id_number=id_number, visit_id=visit_id, method=method,
        created_at=now, expires_at=expires))
    conn.execute(store.taxpayer_sessions.delete().where(store.taxpayer_sessions.c.expires_at < now - 86400))
    return token, expires


@dataclass(frozen=True)
class TaxpayerSession:
    """The taxpayer a request acts for, verified at the signing terminal."""

    id_number: str
    token_hash: str

    def require(self, id_number: str) -> str:
        """`id_number` (stored form) when it is this session's taxpayer; else 403 not_this_taxpayer."""
        number = id_number.upper()
        if number != self.id_number:
            raise ApiError(403, "not_this_taxpayer", "this request is for a taxpayer other than the one identified")
        return number


def _refuse(code: str, message: str) -> ApiError:
    return ApiError(403, code, message)


def taxpayer_session(request: Request, terminal: Terminal, engine: Db) -> TaxpayerSession:
    """FastAPI dependency: the live session named by the request's header, opened at this terminal."""
    token = request.headers.get(HEADER, "")
    if not token:
        raise _refuse("taxpayer_session_required", "identify the taxpayer first (ID card and face)")
    s = store.taxpayer_sessions
    with engine.connect() as conn:
        row = conn.execute(s.select().where(s.c.token_hash == _hash(token[:128]))).first()
    if row is None or row.terminal_id != terminal:
        raise _refuse("taxpayer_session_unknown", "no such taxpayer session at this terminal")
    if row.ended_at is not None or row.expires_at < time.time():
        raise _refuse("taxpayer_session_ended", "the taxpayer's session has ended: identify again")
    return TaxpayerSession(row.id_number, row.token_hash)


Taxpayer = Annotated[TaxpayerSession, Depends(taxpayer_session)]
"""Handler parameter type: the taxpayer this request may act for."""
# What a route that needs a taxpayer session can refuse, for its OpenAPI `responses`.
NEEDS_SESSION = refusals(403)


class EndedOut(BaseModel):
    ended: bool


@router.post("/session/end", response_model=EndedOut, responses=NEEDS_SESSION)
def end_session(taxpayer: Taxpayer, engine: Db) -> EndedOut:
    """The visit is over: the token is refused from now on."""
    s = store.taxpayer_sessions
    with engine.begin() as conn:
        conn.execute(s.update().where(s.c.token_hash == taxpayer.token_hash).values(ended_at=time.time()))
    return EndedOut(ended=True)
