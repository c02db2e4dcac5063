"""Walking away from the kiosk: a countdown, then the visit is wiped and defaults return."""

from __future__ import annotations

from kiosk.logs import PII_REGISTRY
from kiosk.theme import stylesheet


def _start_english_elder_session(kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk.start_session()
    w = kiosk.window
    w.home.language_button.click()
    w.home.elder_button.click()
    kiosk.session.put("identity", {"name": "王小明", "id_number": "11010519491231002X"}, "王小明")


def test_idle_timeout_shows_countdown_then_wipes_and_resets(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    _start_english_elder_session(kiosk)
    assert w.home.title.text() == "Please choose a service"
    assert kiosk.session.elder_mode and w.styleSheet() == stylesheet(True)
    kiosk.idle.set_intervals(idle_ms=200, tick_ms=50)
    kiosk.idle.arm()

    qtbot.waitUntil(lambda: w.overlay.isVisible(), timeout=3000)
    first = int(w.overlay.countdown.text())  # a tick of 50 ms may already have passed on a busy machine
    assert 0 < first <= kiosk.config.session.countdown_s
    assert w.overlay.continue_button.text() == "Continue"
    qtbot.waitUntil(lambda: not w.overlay.isVisible() or int(w.overlay.countdown.text()) < first, timeout=3000)

    qtbot.waitUntil(lambda: not kiosk.session.active, timeout=5000)
    assert w.current_screen() is w.attract
    assert not w.overlay.isVisible()
    assert kiosk.session.language == "zh_CN"
    assert w.home.title.text() == "请选择您要办理的业务"
    assert not kiosk.session.elder_mode and not w.home.elder_button.isChecked()
    assert w.styleSheet() == stylesheet(False)
    assert not kiosk.session.has_personal_data()
    assert PII_REGISTRY.mask("王小明") == "王小明"  # the name is no longer remembered


def test_continue_keeps_the_session(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    _start_english_elder_session(kiosk)
    kiosk.idle.set_intervals(idle_ms=200, tick_ms=200)
    kiosk.idle.arm()
    qtbot.waitUntil(lambda: w.overlay.isVisible(), timeout=3000)
    w.overlay.continue_button.click()
    assert not w.overlay.isVisible()
    qtbot.wait(300)
    assert kiosk.session.active and kiosk.session.language == "en"
    assert kiosk.session.get("identity")["name"] == "王小明"
    assert w.current_screen() is w.home


def test_touching_the_screen_keeps_the_idle_timer_from_firing(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    kiosk.start_session()
    kiosk.idle.set_intervals(idle_ms=400, tick_ms=50)
    kiosk.idle.arm()
    for _ in range(6):
        qtbot.wait(150)
        qtbot.mouseClick(kiosk.window.home.title, Qt.MouseButton.LeftButton)
    assert not kiosk.window.overlay.isVisible()
    assert kiosk.session.active


def test_end_button_ends_the_session(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    _start_english_elder_session(kiosk)
    kiosk.window.home.end_button.click()
    assert not kiosk.session.active
    assert kiosk.window.current_screen() is kiosk.window.attract
    assert kiosk.session.language == "zh_CN" and not kiosk.session.has_personal_data()


def test_no_countdown_while_the_kiosk_is_working(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk.start_session()
    kiosk.idle.set_intervals(idle_ms=100, tick_ms=50)
    kiosk.idle.arm()
    kiosk.engine.busy.emit(True)  # e.g. waiting for the bureau or the printer
    qtbot.wait(400)
    assert not kiosk.window.overlay.isVisible() and kiosk.session.active
    kiosk.engine.busy.emit(False)
    qtbot.waitUntil(lambda: kiosk.window.overlay.isVisible(), timeout=2000)
