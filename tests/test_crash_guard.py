"""An error no code caught, in a Qt slot or a worker thread: one masked log line, a clear message
on screen with a way on, and the kiosk still serving (no traceback on screen, no exit)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from kiosk.crash_guard import install_guard
from kiosk.logs import mask_id

ID_NUMBER = "11010519491231002X"


def log_lines(kiosk) -> list[dict]:  # type: ignore[no-untyped-def]
    path = Path(kiosk.config.paths.logs()) / "kiosk.log"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.qt_no_exception_capture  # the guard is the handler under test here, not pytest-qt's
def test_an_error_in_a_slot_is_logged_masked_and_the_person_can_go_on(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    guard = install_guard()  # again: pytest-qt put its own hooks back after the kiosk's start-up
    try:
        kiosk.start_session()

        def broken_slot() -> None:
            raise ValueError(f"no taxpayer {ID_NUMBER}")

        before = guard.caught
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: kiosk.window.current_screen() is kiosk.window.message, timeout=5000)
        assert guard.caught == before + 1
        w = kiosk.window
        assert w.message.title.text() == "抱歉，出了点问题"  # the session's language (zh by default)
        assert "您已确认的业务不会丢失" in w.message.body.text()
        assert "Traceback" not in w.message.body.text() and "ValueError" not in w.message.body.text()
        assert kiosk.session.active
        w.message.back_button.click()
        assert w.current_screen() is w.home  # carries on: the services are there
        entry = next(e for e in log_lines(kiosk) if e["msg"].startswith("unhandled error"))
        assert ID_NUMBER not in json.dumps(entry, ensure_ascii=False)
        assert f"no taxpayer {mask_id(ID_NUMBER)}" in entry["exc"]
    finally:
        guard.uninstall()


@pytest.mark.qt_no_exception_capture
def test_an_error_that_ends_a_worker_thread_shows_the_message_on_the_gui_thread(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    guard = install_guard()  # again: pytest-qt put its own hooks back after the kiosk's start-up
    try:
        kiosk.start_session()
        guard._last_shown = -1e9  # the previous test's screen does not hold this one back

        def worker() -> None:
            raise RuntimeError("device gone")

        thread = threading.Thread(target=worker, name="broken-worker")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: kiosk.window.current_screen() is kiosk.window.message, timeout=5000)
        entry = next(e for e in log_lines(kiosk) if e["msg"].startswith("unhandled error"))
        assert "thread broken-worker" in entry["msg"] and "device gone" in entry["exc"]
    finally:
        guard.uninstall()
