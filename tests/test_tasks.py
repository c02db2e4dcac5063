"""Blocking work runs in workers and reports back on the GUI thread, within its deadline."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread

from kiosk.tasks import TaskRunner, TaskTimeout


def test_result_arrives_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    seen: list[tuple[object, bool]] = []
    gui = QThread.currentThread()
    worker_names: list[str] = []

    def work() -> int:
        worker_names.append(threading.current_thread().name)
        return 42

    runner.submit(work, 2, on_success=lambda r: seen.append((r, QThread.currentThread() is gui)))
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen == [(42, True)]
    assert worker_names[0].startswith("kiosk-task")
    runner.shutdown()


def test_failure_is_reported_not_lost(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    errors: list[Exception] = []

    def boom() -> None:
        raise OSError("device unplugged")

    runner.submit(boom, 2, on_failure=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=2000)
    assert isinstance(errors[0], OSError) and str(errors[0]) == "device unplugged"
    runner.shutdown()


def test_slow_work_times_out_and_its_late_result_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    outcomes: list[object] = []
    release = threading.Event()
    runner.submit(lambda: release.wait(5) and "late", 0.2, on_success=outcomes.append, on_failure=outcomes.append)
    started = time.monotonic()
    # The GUI loop keeps running while the worker is stuck.
    qtbot.waitUntil(lambda: bool(outcomes), timeout=2000)
    assert time.monotonic() - started < 2
    assert isinstance(outcomes[0], TaskTimeout)
    release.set()
    qtbot.wait(200)
    assert len(outcomes) == 1 and runner.pending() == 0
    runner.shutdown()


def test_work_ending_after_shutdown_emits_nothing_from_its_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A late task must not signal a runner that may already be destroyed (that aborts the process)."""
    runner = TaskRunner()
    emitted: list[object] = []
    runner._done.connect(lambda *args: emitted.append(args))
    release, finished = threading.Event(), threading.Event()

    def slow() -> str:
        release.wait(5)
        finished.set()
        return "late"

    runner.submit(slow, 5)
    runner.shutdown()
    release.set()
    assert finished.wait(2)
    qtbot.wait(200)
    assert emitted == []
