"""The terminal's secrets stay the kiosk user's: key files and a config holding a PIN hash.

Start-up refuses a key file the group or others can read, with the command that fixes it: a
key in a file anyone on the machine can copy protects nothing. The config is refused the same
way once it holds the technician PIN's hash (a short PIN falls to an offline search).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kiosk.config import ConfigError, KioskConfig


class SecretFileError(ConfigError):
    """A secret file others could read, or one that cannot be read: start-up stops and says which."""


def check_private_file(path: Path, what: str) -> None:
    """Refuse a file the group or others can read or write, or one another user owns."""
    try:
        info = path.stat()
    except OSError as exc:
        raise SecretFileError(f"{path}: {what} cannot be read: {exc.strerror}") from exc
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretFileError(
            f"{path}: {what} is readable by other users (mode {stat.filemode(info.st_mode)}); the kiosk will not "
            f"start with it. Run `chmod 600 {path}` as its owner."
        )
    if info.st_uid != os.getuid():
        raise SecretFileError(f"{path}: {what} belongs to uid {info.st_uid}, not to the kiosk user ({os.getuid()})")


def check_secret_files(config: KioskConfig) -> None:
    """Called at start-up, before anything reads a key."""
    if config.bureau.terminal_key_file:
        check_private_file(Path(config.bureau.terminal_key_file).expanduser(), "the terminal key")
    if config.diagnostics.pin_hash and config.source.startswith("/"):
        check_private_file(Path(config.source), "the config (it holds the technician PIN hash)")
    data = config.paths.data()
    for key in sorted(data.glob("*.key")) if data.is_dir() else []:
        check_private_file(key, "a key file")
