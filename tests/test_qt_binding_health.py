"""Guards against a Qt binding that corrupts the interpreter (PySide6 6.12.0 lost a reference to
None on every void call, so a kiosk updating a label once a second would abort within hours)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(500):
        label.setText(str(i))
    assert sys.getrefcount(None) >= before - 5
