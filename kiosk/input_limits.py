"""Size limits on what a technician hands the kiosk's commands: files, ids, numbers, free text.

A FIFO given as a config file would block the read forever, a 2 GB file would fill the memory of
a terminal with little of it, and a pasted megabyte of ids would hold the outbox's lock: each gets
one clear line instead. One place for these rules, so `kiosk run`, `kiosk config check` and every
technician command refuse the same things the same way.
"""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Callable
from pathlib import Path

MAX_CONFIG_BYTES = 256 * 1024  # a kiosk.toml is a few KB; its notices and devices fit many times over
MAX_TEXT_FILE_BYTES = 64 * 1024  # a captured reader frame in hex
MAX_IMAGE_BYTES = 50 * 1024 * 1024  # a camera still or phone photo of a QR code
MAX_IDS = 10_000  # transaction ids given to one command
MAX_ID_CHARS = 64  # a UUID is 36
MAX_TEXT_CHARS = 200  # a reason, a job id, a printer name


class InputTooLarge(ValueError):
    """The input is not a regular file, or larger than the command takes: the message says which."""


def read_capped(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; FIFOs, devices and folders are refused
    before anything opens them (opening a FIFO waits for a writer)."""
    check_file(path, max_bytes, what)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # swapped for a FIFO since the stat: still no wait
    with os.fdopen(fd, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLarge(f"{path}: {what} grew past {max_bytes:,} bytes while it was read")
    return data


def check_file(path: Path, max_bytes: int, what: str) -> None:
    """Refuse what is not a regular file of at most `max_bytes` (before another library opens it)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputTooLarge(f"{path}: cannot read {what}: {exc.strerror}") from exc
    if not stat.S_ISREG(info.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a folder" if stat.S_ISDIR(info.st_mode)
                else "a device or socket")
        raise InputTooLarge(f"{path}: {what} must be a regular file, not {kind}")
    if info.st_size > max_bytes:
        raise InputTooLarge(f"{path}: {what} is {info.st_size:,} bytes; at most {max_bytes:,} are accepted")


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            value = int(text[:20])
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text[:40]!r}") from None
        if not low <= value <= high or len(text) > 20:
            raise argparse.ArgumentTypeError(f"{text[:40]} is out of range; allowed: {low} to {high}")
        return value

    return parse


def short_text(max_chars: int = MAX_TEXT_CHARS) -> Callable[[str], str]:
    """An argparse type: text of at most `max_chars` characters."""

    def parse(text: str) -> str:
        if len(text) > max_chars:
            raise argparse.ArgumentTypeError(f"{len(text)} characters; at most {max_chars} are accepted")
        return text

    return parse


def check_count(items: list[str], max_items: int, what: str) -> None:
    if len(items) > max_items:
        raise InputTooLarge(f"{len(items)} {what}; at most {max_items} at a time")
