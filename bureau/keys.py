"""The bureau's secrets, kept apart from its database, in a folder only the bureau user reads.

- `signing.key`: the Ed25519 key that signs certificates, invoices, vouchers and technician cards;
- `terminals.key`: the AES-256-GCM key under which every terminal's request-signing key is
  stored in the database (`terminals.key_hex` holds `v1:` + nonce and ciphertext).

So a copy of the database alone forges neither a document nor a terminal. The database records
each key's fingerprint: a key file that existed and is missing, or another file in its place, is
refused with a line naming the file (restore it from backup); a new key is only ever made where
no key existed. A database from before this split is migrated on first use: its signing key
moves out to the file, its plain terminal keys are encrypted. Files are created mode 0600 in a
0700 folder, and refused when the group or others can read them.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.engine import Connection, Engine

from bureau import store
from taxcore.private_file import write_private

SIGNING_FILE = "signing.key"
WRAPPING_FILE = "terminals.key"
_SIGNING_PUBLIC = "signing_public_key"  # settings rows: what the key files must match
_WRAPPING_PRINT = "terminal_wrap_fingerprint"
_RETIRED = "retired_signing_public_keys"  # space-separated: documents signed before a rotation stay checkable
_LEGACY_SIGNING = "ed25519_private_key"  # where an older bureau kept its signing key
SEALED = "v1:"


class BureauKeyError(RuntimeError):
    """A key file is missing, unsafe or not the one the database expects; the message says what to do."""


def default_folder(url: str) -> Path | None:
    """Beside an SQLite database file: `<file>.keys/`; other databases need `--keys-dir`."""
    path = store.sqlite_path(url)
    return None if path is None else path.with_name(path.name + ".keys")


def check_private(path: Path, what: str) -> None:
    """Refuse a secret file or folder the group or others can use, naming the chmod that fixes it."""
    try:
        info = path.stat()
    except OSError as exc:
        raise BureauKeyError(f"{path}: {what} cannot be read: {exc.strerror}") from exc
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        mode = "700" if path.is_dir() else "600"
        raise BureauKeyError(f"{path}: {what} is open to other users (mode {stat.filemode(info.st_mode)}); "
                             f"the bureau will not start with it. Run `chmod {mode} {path}` as its owner.")


def _fingerprint(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:32]


def _public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def _read(path: Path, what: str, size: int) -> bytes:
    check_private(path, what)
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raw = b""
    if len(raw) != size:
        raise BureauKeyError(f"{path}: {what} is not {size} bytes of hex; restore it from backup")
    return raw


def _setting(conn: Connection, name: str) -> str | None:
    value = conn.execute(sa.select(store.settings.c.value).where(store.settings.c.name == name)).scalar()
    return None if value is None else str(value)


def _put(conn: Connection, name: str, value: str) -> None:
    s = store.settings
    if conn.execute(s.update().where(s.c.name == name).values(value=value)).rowcount == 0:
        conn.execute(s.insert().values(name=name, value=value))


@dataclass(frozen=True)
class BureauKeys:
    folder: Path
    signing: Ed25519PrivateKey
    retired_public_hex: tuple[str, ...]
    wrapping: bytes

    @property
    def public_hex(self) -> str:
        return _public_hex(self.signing)

    def seal(self, terminal_key_hex: str) -> str:
        """A terminal key as the database stores it."""
        nonce = os.urandom(12)
        sealed = AESGCM(self.wrapping).encrypt(nonce, terminal_key_hex.encode("ascii"), b"terminal-key")
        return SEALED + base64.b64encode(nonce + sealed).decode("ascii")

    def unseal(self, stored: str) -> bytes:
        """The terminal key from its stored form."""
        if not stored.startswith(SEALED):
            raise BureauKeyError("a terminal key is stored in plain text: start the bureau once to encrypt it")
        blob = base64.b64decode(stored[len(SEALED):])
        return bytes.fromhex(AESGCM(self.wrapping).decrypt(blob[:12], blob[12:], b"terminal-key").decode("ascii"))


def _signing(conn: Connection, folder: Path) -> Ed25519PrivateKey:
    path = folder / SIGNING_FILE
    expected = _setting(conn, _SIGNING_PUBLIC)
    if path.exists():
        key = Ed25519PrivateKey.from_private_bytes(_read(path, "the document signing key", 32))
        if expected is not None and _public_hex(key) != expected:
            raise BureauKeyError(f"{path}: this is not the signing key of this database (its public key starts "
                                 f"{expected[:16]}); put the right file back from backup")
    elif expected is not None:
        raise BureauKeyError(f"{path}: the document signing key is missing. This database's documents are signed "
                             f"with the key whose public key starts {expected[:16]}; restore the file from backup. "
                             "The bureau never makes a new key where one existed.")
    else:
        legacy = _setting(conn, _LEGACY_SIGNING)
        key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(legacy)) if legacy else Ed25519PrivateKey.generate()
        write_private(path, _raw(key).hex().encode() + b"\n")
    _put(conn, _SIGNING_PUBLIC, _public_hex(key))
    conn.execute(store.settings.delete().where(store.settings.c.name == _LEGACY_SIGNING))
    return key


def _wrapping(conn: Connection, folder: Path) -> bytes:
    path = folder / WRAPPING_FILE
    expected = _setting(conn, _WRAPPING_PRINT)
    if path.exists():
        key = _read(path, "the terminal-key encryption key", 32)
        if expected is not None and _fingerprint(key) != expected:
            raise BureauKeyError(f"{path}: this is not the key the terminal keys of this database are encrypted "
                                 "with; put the right file back from backup")
    elif expected is not None:
        raise BureauKeyError(f"{path}: the terminal-key encryption key is missing; without it no terminal can "
                             "be authenticated: restore the file from backup. The bureau never makes a new key "
                             "where one existed.")
    else:
        key = AESGCM.generate_key(bit_length=256)
        write_private(path, key.hex().encode() + b"\n")
    _put(conn, _WRAPPING_PRINT, _fingerprint(key))
    return key


def _seal_plain_terminal_keys(conn: Connection, keys: BureauKeys) -> None:
    t = store.terminals
    for row in conn.execute(sa.select(t.c.terminal_id, t.c.key_hex).where(~t.c.key_hex.startswith(SEALED))).all():
        conn.execute(t.update().where(t.c.terminal_id == row.terminal_id).values(key_hex=keys.seal(row.key_hex)))


def load(engine: Engine, folder: Path) -> BureauKeys:
    """The keys in `folder` checked against `engine`'s database; made there only for a new database."""
    if folder.exists():
        check_private(folder, "the key folder")
    else:
        folder.mkdir(mode=0o700, parents=True)
    with engine.begin() as conn:
        signing = _signing(conn, folder)
        wrapping = _wrapping(conn, folder)
        retired = tuple((_setting(conn, _RETIRED) or "").split())
        keys = BureauKeys(folder, signing, retired, wrapping)
        _seal_plain_terminal_keys(conn, keys)
    return keys


_lock = threading.Lock()
_folders: dict[str, Path] = {}
_loaded: dict[tuple[str, Path], BureauKeys] = {}


def use(engine: Engine, folder: Path) -> BureauKeys:
    """Keep `engine`'s keys in `folder` (`bureau serve --keys-dir`), checked now."""
    url = str(engine.url)
    with _lock:
        _folders[url] = folder
        _loaded.pop((url, folder), None)
    return of(engine)


def of(engine: Engine) -> BureauKeys:
    """The keys of `engine`'s database, loaded and checked once."""
    url = str(engine.url)
    with _lock:
        folder = _folders.get(url) or default_folder(url)
        if folder is None:
            raise BureauKeyError("this database is not an SQLite file: give the key folder with --keys-dir")
        keys = _loaded.get((url, folder))
        if keys is None:
            keys = _loaded[(url, folder)] = load(engine, folder)
        return keys


def rotate_signing(engine: Engine) -> str:
    """A new document signing key; the old public key stays listed so earlier documents still check."""
    old = of(engine)
    new = Ed25519PrivateKey.generate()
    retired = " ".join((*old.retired_public_hex, old.public_hex))
    path = old.folder / SIGNING_FILE
    write_private(path.with_name(path.name + ".new"), _raw(new).hex().encode() + b"\n")
    with engine.begin() as conn:
        _put(conn, _SIGNING_PUBLIC, _public_hex(new))
        _put(conn, _RETIRED, retired)
    os.replace(path.with_name(path.name + ".new"), path)
    _forget(engine)
    return _public_hex(new)


def rotate_wrapping(engine: Engine) -> int:
    """A new terminal-key encryption key, every terminal key re-encrypted under it in one transaction."""
    old = of(engine)
    fresh = BureauKeys(old.folder, old.signing, old.retired_public_hex, AESGCM.generate_key(bit_length=256))
    path = old.folder / WRAPPING_FILE
    write_private(path.with_name(path.name + ".new"), fresh.wrapping.hex().encode() + b"\n")
    t = store.terminals
    with engine.begin() as conn:
        rows = conn.execute(sa.select(t.c.terminal_id, t.c.key_hex)).all()
        for row in rows:
            plain = old.unseal(row.key_hex).hex()
            conn.execute(t.update().where(t.c.terminal_id == row.terminal_id).values(key_hex=fresh.seal(plain)))
        _put(conn, _WRAPPING_PRINT, _fingerprint(fresh.wrapping))
    os.replace(path.with_name(path.name + ".new"), path)
    _forget(engine)
    return len(rows)


def _forget(engine: Engine) -> None:
    url = str(engine.url)
    with _lock:
        for cached in [k for k in _loaded if k[0] == url]:
            del _loaded[cached]
