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
import stat
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from offline_queue.personal import ID_NUMBER, PERSONAL_KEYS  # the same data the logs mask

KEY_BYTES = 32
NONCE_BYTES = 12
SEALED = "$sealed"



class KeyFileError(RuntimeError):
    """The key file is unsafe or unreadable; the message says what to do."""


class DecryptError(ValueError):
    """A sealed value does not open with this key for this transaction."""


def load_or_create_key(path: Path | str) -> bytes:
    """Read the key, creating it (mode 0600) on first run; refuse one others could read."""
    try:
        return create_key(path)
    except FileExistsError:
        return read_key(path)


def create_key(path: Path | str) -> bytes:
    """A new key file (mode 0600, fsynced with its folder); FileExistsError if one is there."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, os.urandom(KEY_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return read_key(path)


def check_private_file(path: Path, what: str) -> None:
    """Refuse a secret file the group or others can read or write, or one another user owns.

    One rule for every secret of the terminal (outbox key, print-job key, terminal key, a config
    holding the PIN hash); the message says which file and the command that fixes it.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise KeyFileError(f"{path}: {what} cannot be read: {exc.strerror}") from exc
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(
            f"{path}: {what} is readable by other users (mode {stat.filemode(info.st_mode)}); the kiosk will not "
            f"start with it. Run `chmod 600 {path}` as its owner."
        )
    if info.st_uid != os.getuid():
        raise KeyFileError(f"{path}: {what} belongs to uid {info.st_uid}, not to the kiosk user ({os.getuid()})")


def read_key(path: Path | str) -> bytes:
    """An existing key (FileNotFoundError if there is none); refused if others could read it."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(path)
    check_private_file(path, "the outbox key")
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise KeyFileError(f"{path}: outbox key has {len(key)} bytes, expected {KEY_BYTES}")
    return key


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
