"""Taxpayer mode: no key combination closes, switches away from or quits the kiosk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

M = Qt.KeyboardModifier


@pytest.mark.parametrize(
    ("key", "mods"),
    [
        (Qt.Key.Key_F4, M.AltModifier), (Qt.Key.Key_Tab, M.AltModifier), (Qt.Key.Key_Escape, M.NoModifier),
        (Qt.Key.Key_W, M.ControlModifier), (Qt.Key.Key_Q, M.ControlModifier), (Qt.Key.Key_Super_L, M.NoModifier),
    ],
)
def test_escape_combinations_do_nothing(qtbot, kiosk, key, mods) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    from kiosk.lockdown import is_escape_combination

    assert is_escape_combination(QKeyEvent(QEvent.Type.KeyPress, key, mods))
    w = kiosk.window
    kiosk.start_session()
    seen: list[int] = []
    w.keyPressEvent = lambda e: seen.append(e.key())  # type: ignore[method-assign]
    qtbot.keyClick(w, key, mods)
    modifiers = {Qt.Key.Key_Alt, Qt.Key.Key_Control, Qt.Key.Key_Shift}
    assert [k for k in seen if k not in modifiers] == []  # the window never saw the combination
    assert w.isVisible() and kiosk.session.active


def test_ordinary_keys_still_reach_a_text_field(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    """Lockdown takes only the escape combinations: typing reaches a text field (the input guard keeps
    keys from everything else, tests/test_input_guard.py)."""
    field = QLineEdit(kiosk.window.step)
    field.show()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_5, M.NoModifier)
    assert field.text() == "5"


def test_the_window_refuses_to_close_in_taxpayer_mode(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    assert w.close() is False and w.isVisible()
    QApplication.closeAllWindows()
    assert w.isVisible()
    kiosk.shutdown()  # leaving on purpose (diagnostics, SIGTERM) is allowed
    assert w.close() is True
