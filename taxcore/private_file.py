"""Secret and sealed files written whole or not at all, readable by their owner only.

Keys, custody markers and sealed archive pages all need the same care: mode 0600 from the first
byte (never a moment world-readable), the data fsynced before the rename so a power cut leaves
the old file or the new one, and the folder fsynced so the rename itself survives.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, mode 0600: temp file, fsync, rename, fsync the folder."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
