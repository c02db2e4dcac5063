"""Personal fields of queued payloads, sealed with AES-GCM so a copied database reveals nothing.

The key lives in its own file next to the database, created on first run readable by the kiosk
user only; a key file that others can read is refused rather than trusted, because the
protection is only as good as the key's. Each sealed value is bound to its transaction id
(AES-GCM associated data), so ciphertexts cannot be swapped between rows unnoticed.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from offline_queue.key_files import KEY_BYTES, KeyFileError, check_private_file, load_or_create_key
from taxcore.masking import ID_NUMBER, PERSONAL_KEYS  # the same data the logs mask

__all__ = ["KEY_BYTES", "DecryptError", "FieldCipher", "KeyFileError", "check_private_file", "load_or_create_key",
           "redact"]

NONCE_BYTES = 12
SEALED = "$sealed"


class DecryptError(ValueError):
    """A sealed value does not open with this key for this transaction."""


class FieldCipher:
    """Seals and opens the personal fields of a JSON-like payload."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, payload: Any, txn_id: str) -> Any:
        return self._walk(payload, txn_id.encode(), personal=False)

    def open(self, payload: Any, txn_id: str) -> Any:
        if isinstance(payload, dict):
            if set(payload) == {SEALED}:
                return self._open_value(payload[SEALED], txn_id.encode())
            return {k: self.open(v, txn_id) for k, v in payload.items()}
        if isinstance(payload, list):
            return [self.open(v, txn_id) for v in payload]
        return payload

    def _walk(self, value: Any, aad: bytes, personal: bool) -> Any:
        if isinstance(value, dict):
            return {k: self._walk(v, aad, personal or k in PERSONAL_KEYS) for k, v in value.items()}
        if isinstance(value, list):
            return [self._walk(v, aad, personal) for v in value]
        if personal or (isinstance(value, str) and ID_NUMBER.search(value)):
            return {SEALED: self._seal_value(value, aad)}
        return value

    def _seal_value(self, value: Any, aad: bytes) -> str:
        nonce = os.urandom(NONCE_BYTES)
        plain = json.dumps(value, ensure_ascii=False).encode("utf-8")
        return base64.b64encode(nonce + self._aead.encrypt(nonce, plain, aad)).decode("ascii")

    def _open_value(self, token: str, aad: bytes) -> Any:
        raw = base64.b64decode(token)
        try:
            plain = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad)
        except InvalidTag as exc:
            raise DecryptError("sealed field does not open with this key for this transaction") from exc
        return json.loads(plain)


def redact(payload: Any) -> Any:
    """A payload with sealed values shown as a marker: for listings and support exports."""
    if isinstance(payload, dict):
        if set(payload) == {SEALED}:
            return "<personal data withheld>"
        return {k: redact(v) for k, v in payload.items()}
    if isinstance(payload, list):
        return [redact(v) for v in payload]
    return payload
