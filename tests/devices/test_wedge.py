"""A keyboard-wedge scanner's bursts become scans; a person's typing reaches the text field unchanged."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from kiosk.wedge import WedgeScanner, type_like_a_scanner

CODE = "etax-id:11010119900307123X"


def _setup(qtbot):  # type: ignore[no-untyped-def]
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    wedge = WedgeScanner(max_gap_s=0.035, min_length=4)
    QApplication.instance().installEventFilter(wedge)
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    return field, wedge, scans


def test_a_scanner_burst_is_one_scan_and_never_reaches_the_field(qtbot) -> None:  # type: ignore[no-untyped-def]
    field, wedge, scans = _setup(qtbot)
    try:
        type_like_a_scanner(field, CODE)  # 2 ms between keys, then Enter
        qtbot.wait(150)
        assert scans == [CODE]
        assert field.text() == ""
    finally:
        QApplication.instance().removeEventFilter(wedge)


def test_a_person_typing_reaches_the_field(qtbot) -> None:  # type: ignore[no-untyped-def]
    field, wedge, scans = _setup(qtbot)
    try:
        QTest.keyClicks(field, "Ab c12", Qt.KeyboardModifier.NoModifier, 150)  # a fast typist
        qtbot.wait(150)
        assert field.text() == "Ab c12"
        assert scans == []
    finally:
        QApplication.instance().removeEventFilter(wedge)


def test_typing_then_a_scan_keeps_both_apart(qtbot) -> None:  # type: ignore[no-untyped-def]
    field, wedge, scans = _setup(qtbot)
    try:
        QTest.keyClicks(field, "ab", Qt.KeyboardModifier.NoModifier, 120)
        qtbot.wait(150)
        type_like_a_scanner(field, "44010026000123", gap_s=0.001, enter=False)  # no terminator set
        qtbot.wait(200)
        assert scans == ["44010026000123"] and field.text() == "ab"
        type_like_a_scanner(field, "44010026000123", gap_s=0.001, enter=False)  # the same code held again
        qtbot.wait(200)
        assert scans == ["44010026000123"]
    finally:
        QApplication.instance().removeEventFilter(wedge)


def test_a_burst_handled_late_by_a_busy_gui_is_still_one_scan(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The keys' own timestamps count, not when the GUI thread got round to them."""
    field, wedge, scans = _setup(qtbot)
    try:
        stamp = int(time.monotonic() * 1000)
        for i, ch in enumerate("A-20260001"):
            press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            press.setTimestamp(stamp + 3 * i)  # arrived 3 ms apart...
            QApplication.sendEvent(field, press)
            time.sleep(0.05)  # ...but handled 50 ms apart
        qtbot.wait(200)
        assert scans == ["A-20260001"] and field.text() == ""
    finally:
        QApplication.instance().removeEventFilter(wedge)
