"""The request signature shared by terminals and the bureau: one definition, both sides.

A terminal signs, with its HMAC-SHA256 key, the lines METHOD, @path, @query, a unix timestamp,
a random nonce and the SHA-256 of the body. The bureau recomputes it, refuses timestamps outside
a window and nonces it has seen, so a captured request cannot be replayed.

@path and @query follow RFC 9421 (HTTP Message Signatures, §2.2.6 and §2.2.7): they are the
request target *as it travels*, percent-encoding kept, never decoded: `/v1/halls/%E5%B9%BF`
is signed as those bytes, not as `/v1/halls/广`. An empty path is `/`; the query is `?` and
what follows it, or `?` alone when there is none. The terminal signs the target it sends, the
bureau verifies against the raw target it received (the ASGI scope's `raw_path` and
`query_string`), so nothing between them decodes and re-encodes a character differently.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping
from typing import Any

HEADER_TERMINAL = "X-Terminal-Id"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_SIGNATURE = "X-Signature"
# Not signed: names the taxpayer session a signed request acts for; the bureau checks it belongs to the signer.
HEADER_TAXPAYER_SESSION = "X-Taxpayer-Session"
MAX_SKEW_S = 300


def components(target: str) -> tuple[str, str]:
    """(@path, @query) of a request target such as `/v1/x?a=1`, exactly as sent (RFC 9421 §2.2.6-7)."""
    path, _, query = target.partition("?")
    return path or "/", "?" + query


def received_target(scope: Mapping[str, Any]) -> str:
    """The target a server received, from an ASGI scope's undecoded `raw_path` and `query_string`.

    A server that gives no `raw_path` (it is optional in ASGI) offers only the decoded path: a
    path that needed percent-encoding then fails to verify, a refusal rather than a guess.
    """
    raw_path = scope.get("raw_path") or str(scope["path"]).encode("utf-8")
    query = scope.get("query_string") or b""
    target = raw_path.decode("utf-8", "surrogateescape")
    return target + "?" + query.decode("utf-8", "surrogateescape") if query else target


def canonical(method: str, target: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    """The exact bytes that are signed."""
    path, query = components(target)
    lines = [method.upper(), path, query, timestamp, nonce, hashlib.sha256(body).hexdigest()]
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def signature(key: bytes, method: str, target: str, timestamp: str, nonce: str, body: bytes) -> str:
    return hmac.new(key, canonical(method, target, timestamp, nonce, body), hashlib.sha256).hexdigest()


def sign_headers(
    terminal_id: str,
    key: bytes,
    method: str,
    target: str,
    body: bytes = b"",
    timestamp: int | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """Headers to add to one request. `target` is the path and query exactly as they go on the wire."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or secrets.token_hex(16)
    return {
        HEADER_TERMINAL: terminal_id,
        HEADER_TIMESTAMP: ts,
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: signature(key, method, target, ts, nonce, body),
    }


def verify(key: bytes, method: str, target: str, timestamp: str, nonce: str, body: bytes, sig: str) -> bool:
    """Constant-time check of a signature (freshness and replay are the caller's job)."""
    return hmac.compare_digest(signature(key, method, target, timestamp, nonce, body), sig)
