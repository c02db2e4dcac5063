"""The signed QR payload format, shared by the bureau (signs) and terminals (check offline).

A payload is `<base64url(canonical JSON claims)>.<base64url(Ed25519 signature)>`. This module is
plain Python with no database, so a terminal checks a certificate or a technician card with
the link down using the very code the bureau signs it with: one definition, both sides. Where
the bureau keeps its key is the bureau's business (bureau/docsign.py).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIGNATURE_BYTES = 64


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def split_payload(qr: str) -> tuple[bytes, bytes]:
    """(signed body, signature) of something shaped like a signed payload; ValueError if it is not."""
    parts = qr.strip().split(".")
    if len(parts) != 2 or not all(parts):
        raise ValueError("not <body>.<signature>")
    try:
        body, signature = unb64(parts[0]), unb64(parts[1])
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError("signature has the wrong length")
    return body, signature


def read_claims(body: bytes) -> dict[str, Any] | None:
    """The claims a body says it carries (untrusted until verified), or None if it is no JSON object."""
    try:
        claims = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # "[[[[…" nested past Python's recursion limit
        return None
    return claims if isinstance(claims, dict) else None


def verify_payload(public_hex: str, qr: str) -> dict[str, Any] | None:
    """The claims of a genuine payload, or None (forged, altered or not ours)."""
    try:
        body, signature = split_payload(qr)
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(signature, body)
    except (ValueError, InvalidSignature):
        return None
    return read_claims(body)


def sign_with(key: Ed25519PrivateKey, claims: dict[str, Any]) -> str:
    """The payload carrying `claims`, signed with `key`."""
    body = canonical_json(claims)
    return b64(body) + "." + b64(key.sign(body))
