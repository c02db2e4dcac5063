"""The request signature shared by terminals and the bureau: one definition, both sides.

A terminal signs METHOD, the path with its query, a unix timestamp, a random nonce and the
SHA-256 of the body with its HMAC-SHA256 key. The bureau recomputes it, refuses timestamps
outside a window and nonces it has seen, so a captured request cannot be replayed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

HEADER_TERMINAL = "X-Terminal-Id"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_SIGNATURE = "X-Signature"
MAX_SKEW_S = 300


def canonical(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    """The exact bytes that are signed."""
    return "\n".join([method.upper(), path, timestamp, nonce, hashlib.sha256(body).hexdigest()]).encode(
        "utf-8"
    )


def signature(key: bytes, method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    return hmac.new(key, canonical(method, path, timestamp, nonce, body), hashlib.sha256).hexdigest()


def sign_headers(
    terminal_id: str,
    key: bytes,
    method: str,
    path: str,
    body: bytes = b"",
    timestamp: int | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """Headers to add to one request. `path` includes the query string, if any."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or secrets.token_hex(16)
    return {
        HEADER_TERMINAL: terminal_id,
        HEADER_TIMESTAMP: ts,
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: signature(key, method, path, ts, nonce, body),
    }


def verify(key: bytes, method: str, path: str, timestamp: str, nonce: str, body: bytes, sig: str) -> bool:
    """Constant-time check of a signature (freshness and replay are the caller's job)."""
    return hmac.compare_digest(signature(key, method, path, timestamp, nonce, body), sig)
