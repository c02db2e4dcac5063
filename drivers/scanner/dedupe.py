"""One presented code, one event: the same payload seen again within a short window is dropped.

A scanner in continuous mode and a camera both see a code held up to them many times a second;
the person expects one beep and one action.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

DEFAULT_WINDOW_S = 2.0


class Deduper:
    def __init__(self, window_s: float = DEFAULT_WINDOW_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.window_s = window_s
        self._clock = clock
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def fresh(self, payload: str) -> bool:
        """True the first time a payload is seen, and again once it was out of sight for the window."""
        now = self._clock()
        with self._lock:
            seen = self._last.get(payload)
            self._last[payload] = now
            for old in [p for p, t in self._last.items() if now - t > self.window_s]:
                del self._last[old]
        return seen is None or now - seen > self.window_s
