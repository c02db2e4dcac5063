"""One presented code, one event: the same payload seen again within a short window is dropped.

A scanner in continuous mode and a camera both see a code held up to them many times a second;
the person expects one beep and one action. A payload may be personal (the tax app's identity
code carries the ID number), so only a keyed hash of it is kept, and only for the window.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable

from drivers.scanner.settings import DEFAULT_WINDOW_S


class Deduper:
    def __init__(self, window_s: float = DEFAULT_WINDOW_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.window_s = window_s
        self._clock = clock
        self._last: dict[bytes, float] = {}  # keyed hash of a payload -> when it was last seen
        self._key = os.urandom(16)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many payloads are remembered."""
        return len(self._last)

    def fresh(self, payload: str) -> bool:
        """True the first time a payload is seen, and again once it was out of sight for the window."""
        now = self._clock()
        digest = hashlib.blake2b(payload.encode("utf-8"), key=self._key, digest_size=16).digest()
        with self._lock:
            seen = self._last.get(digest)
            self._last[digest] = now
            for old in [p for p, t in self._last.items() if now - t > self.window_s]:
                del self._last[old]
        return seen is None or now - seen > self.window_s
