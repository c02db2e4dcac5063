"""Officer accounts and their sign-in sessions; passwords kept as scrypt hashes, never in clear.

A session token is random and handed to the browser as an HttpOnly cookie; the bureau keeps only
its SHA-256, so a copy of the database opens no console.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bureau import store

SESSION_S = 8 * 3600  # one shift
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")

officers = store._table(
    "officers",
    sa.Column("login", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("salt_hex", sa.String(64), nullable=False),
    sa.Column("hash_hex", sa.String(128), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("disabled_at", sa.Float),
)

officer_sessions = store._table(
    "officer_sessions",
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column("login", sa.String(32), nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
)


@dataclass(frozen=True)
class Officer:
    login: str
    name: str
    disabled: bool = False


class OfficerError(ValueError):
    """A refused account change, worded for the administrator at the command line."""


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)  # type: ignore[arg-type]


def add(engine: Engine, login: str, name: str, password: str) -> None:
    """Create an account, or set a new password (and re-enable) an existing one."""
    if not LOGIN_RE.match(login):
        raise OfficerError("login: 2-32 lower-case letters, digits, '.', '_' or '-'")
    if len(password) < 10:
        raise OfficerError("password: at least 10 characters")
    salt = secrets.token_bytes(16)
    values = {"name": name, "salt_hex": salt.hex(), "hash_hex": _hash(password, salt).hex(), "disabled_at": None}
    with engine.begin() as conn:
        if not conn.execute(officers.update().where(officers.c.login == login).values(**values)).rowcount:
            conn.execute(officers.insert().values(login=login, created_at=time.time(), **values))


def listing(engine: Engine) -> list[Officer]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(officers).order_by(officers.c.login)).all()
    return [Officer(r.login, r.name, r.disabled_at is not None) for r in rows]


def disable(engine: Engine, login: str) -> bool:
    """Disable an account and end its sessions at once; False when there is no such account."""
    with engine.begin() as conn:
        found = conn.execute(officers.update().where(officers.c.login == login).values(disabled_at=time.time()))
        conn.execute(officer_sessions.delete().where(officer_sessions.c.login == login))
    return bool(found.rowcount)


def sign_in(engine: Engine, login: str, password: str) -> str | None:
    """A new session token for a right password of an enabled account, else None (same time either way)."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(officers).where(officers.c.login == login[:32])).first()
    salt = bytes.fromhex(row.salt_hex) if row is not None else b"\0" * 16
    digest = _hash(password[:256], salt)  # hashed even for an unknown login: no timing hint
    if row is None or row.disabled_at is not None or not hmac.compare_digest(digest.hex(), row.hash_hex):
        return None
    token = secrets.token_urlsafe(32)
    now = time.time()
    with engine.begin() as conn:
        conn.execute(officer_sessions.delete().where(officer_sessions.c.expires_at < now))
        conn.execute(officer_sessions.insert().values(
            token_sha256=_token_key(token), login=login, expires_at=now + SESSION_S))
    return token


def session_officer(engine: Engine, token: str | None) -> Officer | None:
    """The officer a cookie's token belongs to, while the session lasts and the account is enabled."""
    if not token or len(token) > 128:
        return None
    s, o = officer_sessions, officers
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(o.c.login, o.c.name)
            .join(s, s.c.login == o.c.login)
            .where(s.c.token_sha256 == _token_key(token), s.c.expires_at > time.time(), o.c.disabled_at.is_(None))
        ).first()
    return Officer(row.login, row.name) if row is not None else None


def sign_out(engine: Engine, token: str) -> None:
    with engine.begin() as conn:
        conn.execute(officer_sessions.delete().where(officer_sessions.c.token_sha256 == _token_key(token)))


def _token_key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
