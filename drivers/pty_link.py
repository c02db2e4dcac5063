"""A simulated serial device's cable: a pseudo-terminal behind a stable symlink.

Simulators answer on the master side; the real driver opens the symlink (like /dev/ttyUSB0)
with pyserial, so the driver code under test is the code that runs on a terminal. `unplug`
takes the link away and `replug` brings it back with a new pseudo-terminal behind it.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
import tty
from collections.abc import Callable
from pathlib import Path
from typing import Self


class PtyLink:
    def __init__(self, link: Path, on_bytes: Callable[[bytes], None] | None = None, name: str = "pty-sim",
                 pace_baud: int = 0) -> None:
        self.link = Path(link)
        self.pace_baud = pace_baud  # > 0: send no faster than this baud rate (8N1)
        self._on_bytes = on_bytes
        self._name = name
        self._master = -1
        self._slave = -1
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def plugged(self) -> bool:
        return self._master >= 0

    def start(self) -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        tty.setraw(self._master)
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()
        self.link.symlink_to(os.ttyname(self._slave))
        self._stop.clear()
        if self._on_bytes is not None:
            self._thread = threading.Thread(target=self._serve, name=self._name, daemon=True)
            self._thread.start()

    def unplug(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._master = self._slave = -1

    def send(self, data: bytes) -> bool:
        """Bytes from the device to the host; False when the cable is gone."""
        chunk = 64 if self.pace_baud else max(1, len(data))
        for i in range(0, len(data), chunk):
            try:
                os.write(self._master, data[i : i + chunk])
            except OSError:
                return False
            if self.pace_baud:
                time.sleep(len(data[i : i + chunk]) * 10 / self.pace_baud)
        return True

    def _serve(self) -> None:
        assert self._on_bytes is not None
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self._master, 4096)
            except OSError:
                return
            self._on_bytes(chunk)


class PtyDevice:
    """A simulated serial device plugged in with a PtyLink: start, unplug, replug, stop."""

    def __init__(self, cable: PtyLink) -> None:
        self.link = cable.link  # what the driver opens, like /dev/ttyUSB0
        self._cable = cable

    def start(self) -> Self:
        self._cable.start()
        return self

    def unplug(self) -> None:
        self._cable.unplug()

    def replug(self) -> None:
        self.start()

    def stop(self) -> None:
        self.unplug()
