"""Runs blocking work (devices, network, disk) off the GUI thread, results as Qt signals.

Python threads cannot be killed, so a timeout here means: the caller is told at the deadline
and a late result is dropped. The work itself must also use its own I/O timeouts so that its
thread ends; the runner's deadline is what keeps the screen honest when it does not.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)


class TaskTimeout(Exception):
    """The task did not finish before its deadline; any later result is discarded."""


class TaskRunner(QObject):
    """Submit callables to worker threads; get `succeeded`/`failed` on the GUI thread.

    Each submission returns a task id. Exactly one of `succeeded(task_id, result)` or
    `failed(task_id, exception)` is emitted per task, never both, even when the work
    finishes after its deadline.
    """

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    _done = Signal(int, object, object)  # crosses from worker thread to GUI thread

    def __init__(self, max_workers: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="kiosk-task")
        self._ids = itertools.count(1)
        self._open: dict[int, tuple[QTimer, Callable[[Any], None] | None, Callable[[Exception], None] | None]] = {}
        self._done.connect(self._finish)
        # After shutdown no worker may emit: the runner may be gone by the time a late task ends,
        # and a signal emitted on a destroyed QObject aborts the process.
        self._closed = False
        self._emit_lock = threading.Lock()

    def submit(
        self,
        fn: Callable[[], Any],
        timeout_s: float,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        name: str = "",
    ) -> int:
        """Run `fn()` in a worker; report within `timeout_s` seconds, whatever happens."""
        task_id = next(self._ids)
        if self._closed:  # shutting down: nobody is left to hear the result
            log.info("task %s not started: the runner is shut down", name or task_id)
            return task_id
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: self._finish(task_id, None, TaskTimeout(f"{name or 'task'} timed out")))
        self._open[task_id] = (timer, on_success, on_failure)
        timer.start(int(timeout_s * 1000))

        def work() -> None:
            try:
                result, error = fn(), None
            except Exception as exc:  # every failure is reported, never lost in a thread
                result, error = None, exc
            with self._emit_lock:
                if not self._closed:
                    self._done.emit(task_id, result, error)

        self._pool.submit(work)
        return task_id

    @Slot(int, object, object)
    def _finish(self, task_id: int, result: Any, error: Exception | None) -> None:
        entry = self._open.pop(task_id, None)
        if entry is None:
            return  # already reported (timed out, or shut down)
        timer, on_success, on_failure = entry
        timer.stop()
        timer.deleteLater()
        if error is None:
            self.succeeded.emit(task_id, result)
            if on_success:
                on_success(result)
        else:
            if isinstance(error, TaskTimeout):
                log.warning("task %d: %s", task_id, error)
            self.failed.emit(task_id, error)
            if on_failure:
                on_failure(error)

    def pending(self) -> int:
        return len(self._open)

    def shutdown(self) -> None:
        """Drop outstanding callbacks and stop accepting work (threads end on their own, unheard)."""
        with self._emit_lock:
            self._closed = True
        for timer, _, _ in self._open.values():
            timer.stop()
        self._open.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)
