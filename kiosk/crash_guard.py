"""The last line of defence: an error no code caught is logged (masked) and the taxpayer sees a clear
message with a way on, never a traceback, a frozen screen or a vanished kiosk.

Python calls `sys.excepthook` for an exception that escapes a Qt slot or the main code, and
`threading.excepthook` for one that ends a worker thread. Both log through the masking log filter
and ask the GUI thread (by a queued signal: any thread may raise) to show the fault screen:
the service in progress is cancelled and the person may go back to the services or start again.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

SHOW_AT_MOST_EVERY_S = 5.0  # an error repeating in a paint or timer slot shows one screen, logs each time


class CrashGuard(QObject):
    fault = Signal(str)  # the exception's type name, delivered on the GUI thread

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._clock = clock
        self._last_shown = -SHOW_AT_MOST_EVERY_S
        self._previous = (sys.excepthook, threading.excepthook)
        self.caught = 0

    def install(self) -> None:
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def _on_exception(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None, where: str = "main"
    ) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            self._previous[0](kind, value, tb)
            return
        self.caught += 1
        log.error("unhandled error (%s): %s", where, kind.__name__, exc_info=(kind, value, tb))
        if self._previous[0] is not sys.__excepthook__:  # a test harness's hook keeps its say; the
            self._previous[0](kind, value, tb)            # default one would print it unmasked
        now = self._clock()
        if now - self._last_shown >= SHOW_AT_MOST_EVERY_S:
            self._last_shown = now
            self.fault.emit(kind.__name__)

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        self._on_exception(args.exc_type, args.exc_value, args.exc_traceback, where=f"thread {name}")


GUARD: CrashGuard | None = None


def install_guard() -> CrashGuard:
    """One guard per process (again if something replaced its hooks), installed by the kiosk's start-up."""
    global GUARD
    if GUARD is None:
        GUARD = CrashGuard()
    if sys.excepthook != GUARD._on_exception:
        GUARD._previous = (sys.excepthook, threading.excepthook)
        GUARD.install()
    return GUARD
