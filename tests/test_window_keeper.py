"""Under a desktop shell (pilots often run one) Super+D or a minimise hid the kiosk for good: a black
screen no tap recovers. The window takes the screen back, and says so in the log once."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt


def test_a_minimised_kiosk_comes_back_and_logs_it_once(qtbot, kiosk: Any, caplog) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    caplog.set_level(logging.WARNING, logger="screens.main_window")
    for _ in range(3):  # a shell that keeps trying
        w.showMinimized()
        assert w.windowState() & Qt.WindowState.WindowMinimized
        qtbot.waitUntil(lambda: w.isVisible() and not w.windowState() & Qt.WindowState.WindowMinimized,
                        timeout=3000)
    lines = [r for r in caplog.records if "took the screen away" in r.getMessage()]
    assert len(lines) == 1 and lines[0].why in ("minimised", "hidden")


def test_a_kiosk_shutting_down_stays_closed(qtbot, kiosk: Any) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    kiosk.shutdown()
    w.showMinimized()
    qtbot.wait(600)
    assert w.windowState() & Qt.WindowState.WindowMinimized
