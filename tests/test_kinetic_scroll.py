"""Long pages (configuration, logs, a step's rows) scroll by a swipe of the finger, not only by
their thin scroll bar: touch events through Qt's own gesture path (QScroller)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QScroller, QWidget
from ready import wait_tappable


def swipe_up(viewport: QWidget, distance: int = 400, steps: int = 16) -> None:
    """A finger put down low on the page, drawn up at a steady pace, then lifted."""
    device = QTest.createTouchDevice()
    # Low on the page, but on the screen: offscreen the screen may be smaller than the window, and a
    # touch off every screen is dropped by Qt.
    screen = viewport.screen().geometry()
    visible = QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size()).intersected(screen)
    start = viewport.mapFromGlobal(QPoint(visible.center().x(), visible.bottom() - 20))
    distance = min(distance, visible.height() - 60)
    QTest.touchEvent(viewport, device).press(0, start, viewport).commit()
    for i in range(1, steps + 1):
        QTest.qWait(16)
        QTest.touchEvent(viewport, device).move(0, start - QPoint(0, distance * i // steps), viewport).commit()
    QTest.touchEvent(viewport, device).release(0, start - QPoint(0, distance), viewport).commit()


def test_the_configuration_page_scrolls_by_a_swipe(qtbot, kiosk: Any) -> None:  # type: ignore[no-untyped-def]
    d = kiosk.diagnostics
    d.enter("pin")
    d.open_section("config")
    page = d.screen.pages["config"]
    [area] = page.findChildren(QAbstractScrollArea)
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0, timeout=3000)
    assert area.verticalScrollBar().value() == 0
    wait_tappable()  # once the page has settled (kiosk/input_guard.py)
    swipe_up(area.viewport())
    qtbot.waitUntil(lambda: area.verticalScrollBar().value() > 50, timeout=3000)
    d.leave()


def test_every_scrolling_area_of_every_screen_follows_a_finger(qtbot, kiosk: Any) -> None:  # type: ignore[no-untyped-def]
    assert kiosk.diagnostics.screen is not None  # the technician pages are built when first opened
    qtbot.wait(50)
    areas = kiosk.window.findChildren(QAbstractScrollArea)
    names = {a.objectName() or type(a.parentWidget()).__name__ for a in areas}
    assert {"stepBody", "DiagPage"} <= names  # the step's body, each technician page
    assert all(QScroller.hasScroller(a.viewport()) for a in areas)
