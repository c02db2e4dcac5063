"""The terminal's secret files (outbox key, print-job key, terminal key): created private, refused if not.

Apart from the sealing itself (offline_queue.cipher, which loads the cryptography library) so that
start-up can check them before the attract screen is painted without paying for that import.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

KEY_BYTES = 32


class KeyFileError(RuntimeError):
    """The key file is unsafe or unreadable; the message says what to do."""


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
    holding the PIN hash); the message says which file and the command that fixes it. The one
    other safe shape is what README.Debian provisions: owned by root, read-only to the kiosk
    user's own group, nothing for others (`chown root:kiosk`, `chmod 0640`).
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise KeyFileError(f"{path}: {what} cannot be read: {exc.strerror}") from exc
    if info.st_uid == 0 and info.st_gid == os.getgid() and stat.S_IMODE(info.st_mode) & 0o777 in (0o640, 0o440):
        return
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
