"""The input guard (kiosk/input_guard.py) on the real kiosk: taps land as a finger's would, at
window positions, on whatever widget is there at that moment.

The kiosk here has wider windows than the defaults (a settle of 0.8 s, repeats within 0.8 s): on
this shared machine a 100 ms pause can take far longer than asked, and a double tap spread that
far apart by the machine would no longer be one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from ready import build_kiosk, wait_tappable

from kiosk.config import KioskConfig, TouchConfig

LEFT, NO_MOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


@pytest.fixture
def kiosk(qtbot, config: KioskConfig) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    touch = TouchConfig(settle_ms=800, elder_settle_ms=1200, repeat_ms=800)
    app = build_kiosk(qtbot, config.model_copy(update={"touch": touch}))
    yield app
    app.shutdown()


def _at(window: QWidget, point: QPoint) -> tuple[QWidget, QPoint]:
    target = window.childAt(point) or window
    return target, target.mapFrom(window, point)


def press(window: QWidget, point: QPoint) -> None:
    target, local = _at(window, point)
    QTest.mousePress(target, LEFT, NO_MOD, local)


def release(window: QWidget, point: QPoint) -> None:
    target, local = _at(window, point)
    QTest.mouseRelease(target, LEFT, NO_MOD, local)


def tap_at(window: QWidget, point: QPoint) -> None:
    press(window, point)
    release(window, point)


def double_tap_at(window: QWidget, point: QPoint, gap_ms: int = 80) -> None:
    """Two taps on one spot `gap_ms` apart: the second lands on whatever the first put there."""
    tap_at(window, point)
    QTest.qWait(gap_ms)
    tap_at(window, point)
    QTest.qWait(20)


def centre_of(window: QWidget, widget: QWidget) -> QPoint:
    return widget.mapTo(window, widget.rect().center())


def test_a_double_tap_on_the_attract_screen_shows_home_and_opens_nothing(qtbot, kiosk: Any) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    w.show_screen(w.home)  # where the tile will be once home shows
    tile = centre_of(w, w.home.tiles["fixed_quota"])
    w.show_screen(w.attract)
    wait_tappable()
    double_tap_at(w, tile, gap_ms=80)
    assert w.current_screen() is w.home and kiosk.engine.flow is None
    QTest.qWait(kiosk.config.touch.settle_ms + 50)
    tap_at(w, tile)  # a deliberate tap once home has settled does open it
    assert kiosk.engine.flow is not None or w.current_screen() is w.message


def test_a_press_begun_on_one_screen_never_taps_the_next(qtbot, kiosk: Any) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    kiosk.start_session()
    w.message.show_message("T", "B", "Back")
    w.show_screen(w.message)
    back = centre_of(w, w.message.back_button)
    w.show_screen(w.home)
    wait_tappable()
    chosen: list[str] = []
    w.home.service_chosen.connect(chosen.append)
    clicked: list[bool] = []
    w.message.back_button.clicked.connect(lambda: clicked.append(True))
    press(w, back)  # a finger down on home (a tile, or the space between tiles)…
    w.show_screen(w.message)  # …the screen changes under it…
    QTest.qWait(kiosk.config.touch.settle_ms + 100)  # …and it lifts after the new screen has settled
    release(w, back)
    assert clicked == [] and chosen == [] and w.current_screen() is w.message


def test_space_and_enter_press_no_button(qtbot, kiosk: Any) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    kiosk.start_session()
    wait_tappable()
    language = w.home.language
    QTest.mouseClick(w.home.language_button, LEFT)  # the last tapped button…
    assert w.home.language != language
    assert w.home.language_button.focusPolicy() == Qt.FocusPolicy.NoFocus
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select):
        target = QApplication.focusWidget() or w
        QTest.keyClick(target, key)
        QTest.keyClick(w.home.language_button, key)  # …even sent to it straight
    assert w.home.language != language  # toggled once, by the tap only
    assert w.current_screen() is w.home and kiosk.engine.flow is None


def test_the_same_button_tapped_twice_quickly_is_one_tap_and_slowly_two(qtbot, kiosk: Any) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    kiosk.start_session()
    wait_tappable()
    language = w.home.language
    toggles = centre_of(w, w.home.language_button)
    double_tap_at(w, toggles, gap_ms=100)
    assert w.home.language != language  # one toggle, not two
    QTest.qWait(kiosk.config.touch.repeat_ms + 50)
    tap_at(w, toggles)
    assert w.home.language == language  # a deliberate second tap counts


def test_elder_mode_waits_longer_after_a_screen_change(qtbot, kiosk: Any) -> None:  # type: ignore[no-untyped-def]
    touch = kiosk.config.touch
    assert kiosk.guard.settle_ms == touch.settle_ms
    kiosk.session.set_elder_mode(True)
    assert kiosk.guard.settle_ms == touch.elder_settle_ms > touch.settle_ms
    kiosk.session.set_elder_mode(False)
    assert kiosk.guard.settle_ms == touch.settle_ms
