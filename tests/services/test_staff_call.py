"""呼叫工作人员: the button on every screen puts this terminal on the hall display, until staff answer;
offline it says plainly to go to the service desk."""

from __future__ import annotations

from service_rig import SERVICE_TERMINAL, SeededBureau, tap

from bureau import hall
from kiosk.link import LinkState


def test_the_call_reaches_the_hall_display_from_any_screen(qtbot, service_kiosk, seeded_bureau: SeededBureau,
                                                           page) -> None:  # type: ignore[no-untyped-def]
    k = service_kiosk
    w = k.window
    assert w.current_screen() is w.attract and w.staff_call.isVisible()  # before anyone has touched the screen
    k.start_session()
    tap(w.home.tiles["queue_ticket"])  # in the middle of a service
    assert w.current_screen() is w.step and w.staff_call.text() == "呼叫工作人员"
    tap(w.staff_call)
    qtbot.waitUntil(lambda: w.staff_call.text() == "已通知工作人员，请稍候", timeout=10000)
    assert not w.staff_call.isEnabled()  # one call at a time: the hall already knows
    assert [c["terminal_id"] for c in hall.help_wanted(seeded_bureau.engine, "demo-hall")] == [SERVICE_TERMINAL]
    page.goto(f"{seeded_bureau.url}/hall/demo-hall/display")
    assert page.locator(".help").inner_text().startswith(f"终端 {SERVICE_TERMINAL} 需要工作人员协助")
    hall.answer_help(seeded_bureau.engine, "demo-hall", SERVICE_TERMINAL)
    page.reload()
    assert page.locator(".help").count() == 0
    k.session.set_language("en")
    assert w.staff_call.text() == "Staff have been told: please wait here"


def test_offline_the_button_says_to_go_to_the_desk(qtbot, unreachable_kiosk) -> None:  # type: ignore[no-untyped-def]
    k = unreachable_kiosk
    qtbot.waitUntil(lambda: k.link.state == LinkState.DOWN, timeout=5000)
    k.start_session()
    tap(k.window.staff_call)
    assert k.window.staff_call.text() == "未能呼叫，请到服务台"
    assert k.window.staff_call.isEnabled()  # it may be tried again once the network is back
