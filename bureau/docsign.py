"""Ed25519 signatures on certificate and invoice QR payloads, checkable offline by any terminal.

A QR payload is `<base64url(canonical JSON)>.<base64url(signature)>`, its format defined in
taxcore/docpayload.py (shared with terminals). The bureau's key is kept in a key file apart from
the database (`bureau.keys`); the public key is served as content (`public_key`). After a
rotation, documents signed with an earlier key still check at the bureau.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from bureau import keys
from taxcore.docpayload import sign_with, verify_payload


def signing_key(engine: Engine) -> Ed25519PrivateKey:
    """The bureau's document key (from its key file)."""
    return keys.of(engine).signing


def public_key_hex(engine: Engine) -> str:
    return keys.of(engine).public_hex


def sign_payload(engine: Engine, claims: dict[str, Any]) -> str:
    return sign_with(signing_key(engine), claims)


def verify(engine: Engine, payload: str) -> dict[str, Any] | None:
    """The claims of a payload signed by the bureau's key or one it retired; None if by no such key."""
    bureau_keys = keys.of(engine)
    for public in (bureau_keys.public_hex, *reversed(bureau_keys.retired_public_hex)):
        claims = verify_payload(public, payload)
        if claims is not None:
            return claims
    return None
