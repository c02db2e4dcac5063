"""The signed-QR format, without the bureau's database: what a terminal needs to check a payload offline.

A QR payload is `<base64url(canonical JSON)>.<base64url(Ed25519 signature)>`; `bureau.docsign`
signs them with the key it keeps, terminals verify them here against its public key.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def verify_payload(public_hex: str, qr: str) -> dict[str, Any] | None:
    """The claims of a genuine payload, or None (forged, altered or not ours)."""
    try:
        body_b64, sig_b64 = qr.strip().split(".")
        body = unb64(body_b64)
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(unb64(sig_b64), body)
        claims = json.loads(body)
    except (ValueError, InvalidSignature, UnicodeDecodeError):
        return None
    return claims if isinstance(claims, dict) else None
