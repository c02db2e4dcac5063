"""A keyboard-wedge scanner's bursts become scans; a person's typing reaches the text field unchanged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from kiosk.wedge import WedgeScanner

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
        QTest.keyClicks(field, CODE, Qt.KeyboardModifier.NoModifier, 2)  # 2 ms between keys
        QTest.keyClick(field, Qt.Key.Key_Return)
        qtbot.wait(100)
        assert scans == [CODE]
        assert field.text() == ""
    finally:
        QApplication.instance().removeEventFilter(wedge)


def test_a_person_typing_reaches_the_field(qtbot) -> None:  # type: ignore[no-untyped-def]
    field, wedge, scans = _setup(qtbot)
    try:
        QTest.keyClicks(field, "Ab c12", Qt.KeyboardModifier.NoModifier, 150)  # a fast typist
        qtbot.wait(100)
        assert field.text() == "Ab c12"
        assert scans == []
    finally:
        QApplication.instance().removeEventFilter(wedge)


def test_typing_then_a_scan_keeps_both_apart(qtbot) -> None:  # type: ignore[no-untyped-def]
    field, wedge, scans = _setup(qtbot)
    try:
        QTest.keyClicks(field, "ab", Qt.KeyboardModifier.NoModifier, 120)
        qtbot.wait(80)
        QTest.keyClicks(field, "44010026000123", Qt.KeyboardModifier.NoModifier, 1)  # no terminator set
        qtbot.wait(120)
        assert scans == ["44010026000123"] and field.text() == "ab"
        QTest.keyClicks(field, "44010026000123", Qt.KeyboardModifier.NoModifier, 1)  # the same code held again
        qtbot.wait(120)
        assert scans == ["44010026000123"]
    finally:
        QApplication.instance().removeEventFilter(wedge)
