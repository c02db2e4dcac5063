"""The terminal's secrets stay the kiosk user's: key files and a config holding a PIN hash.

Start-up refuses a key file the group or others can read, with the command that fixes it: a
key in a file anyone on the machine can copy protects nothing. The config is refused the same
way once it holds the technician PIN's hash (a short PIN falls to an offline search).
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import KioskConfig
from offline_queue.key_files import check_private_file


def check_secret_files(config: KioskConfig) -> None:
    """Called at start-up, before anything reads a key; raises KeyFileError naming the file."""
    if config.bureau.terminal_key_file:
        check_private_file(Path(config.bureau.terminal_key_file).expanduser(), "the terminal key")
    if config.diagnostics.pin_hash and config.source.startswith("/"):
        check_private_file(Path(config.source), "the config (it holds the technician PIN hash)")
    data = config.paths.data()
    for key in sorted(data.glob("*.key")) if data.is_dir() else []:
        check_private_file(key, "a key file")


def read_terminal_key(path: Path | str) -> bytes:
    """The key written by `bureau terminals add --key-file`: hex text, or raw bytes (mode 600 only)."""
    check_private_file(Path(path), "the terminal key")
    raw = Path(path).read_bytes().strip()
    try:
        return bytes.fromhex(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return raw
