"""Ed25519 signatures on certificate and invoice QR payloads, checkable offline by any terminal.

A QR payload is `<base64url(canonical JSON)>.<base64url(signature)>`. The bureau's key pair is
made once per database and kept in it; the public key is served as content (`public_key`).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bureau import store

_SETTING = "ed25519_private_key"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def signing_key(engine: Engine) -> Ed25519PrivateKey:
    """The bureau's document key, created on first use."""
    with engine.connect() as conn:
        stored = conn.execute(sa.select(store.settings.c.value).where(store.settings.c.name == _SETTING)).scalar()
    if stored is None:
        raw = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        try:
            with engine.begin() as conn:
                conn.execute(store.settings.insert().values(name=_SETTING, value=raw.hex()))
            stored = raw.hex()
        except IntegrityError:  # another worker made it first: use theirs
            return signing_key(engine)
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(stored))


def public_key_hex(engine: Engine) -> str:
    raw = signing_key(engine).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def sign_payload(engine: Engine, claims: dict[str, Any]) -> str:
    return sign_with(signing_key(engine), claims)


def sign_with(key: Ed25519PrivateKey, claims: dict[str, Any]) -> str:
    body = canonical_json(claims)
    return _b64(body) + "." + _b64(key.sign(body))


def verify_payload(public_hex: str, qr: str) -> dict[str, Any] | None:
    """The claims of a genuine payload, or None (forged, altered or not ours)."""
    try:
        body_b64, sig_b64 = qr.strip().split(".")
        body = _unb64(body_b64)
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(_unb64(sig_b64), body)
        claims = json.loads(body)
    except (ValueError, InvalidSignature, UnicodeDecodeError):
        return None
    return claims if isinstance(claims, dict) else None
