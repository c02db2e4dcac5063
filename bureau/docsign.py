"""Ed25519 signatures on certificate and invoice QR payloads, checkable offline by any terminal.

A QR payload is `<base64url(canonical JSON)>.<base64url(signature)>`, its format defined in
taxcore/docpayload.py (shared with terminals). The bureau's key pair is made once per database
and kept in it; the public key is served as content (`public_key`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bureau import store
from taxcore.docpayload import sign_with

_SETTING = "ed25519_private_key"


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
