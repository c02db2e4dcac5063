"""The home screen offers every catalogue service as a large, readable, touchable tile."""

from __future__ import annotations

from kiosk.catalogue import load_catalogue
from kiosk.link import LinkState

# 15 mm on a 21.5" 16:9 panel at 1920x1080: the panel is 476 mm wide, so 4.03 px/mm.
PX_PER_MM = 1920 / (21.5 * 25.4 * 16 / (16**2 + 9**2) ** 0.5)
MIN_TOUCH_PX = 15 * PX_PER_MM


def test_every_catalogue_service_has_a_tile_with_its_title(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    catalogue = load_catalogue()
    kiosk.start_session()
    home = kiosk.window.home
    assert list(home.tiles) == [s.id for s in catalogue.services]
    for service in catalogue.services:
        assert home.tiles[service.id].text().split("\n")[0] == service.title.zh  # + "needs network" when down
    home.language_button.click()
    for service in catalogue.services:
        assert home.tiles[service.id].text().split("\n")[0] == service.title.en


def test_tiles_and_buttons_are_large_enough_to_touch(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk.window.resize(1920, 1080)
    kiosk.start_session()
    qtbot.waitExposed(kiosk.window)
    home = kiosk.window.home
    assert 60 < MIN_TOUCH_PX < 62
    for button in [*home.tiles.values(), home.language_button, home.elder_button, home.end_button]:
        assert button.width() >= MIN_TOUCH_PX and button.height() >= MIN_TOUCH_PX, button.text()
    # Elder mode makes the text bigger without shrinking the tiles below the minimum.
    home.elder_button.click()
    qtbot.wait(50)
    for tile in home.tiles.values():
        assert tile.height() >= MIN_TOUCH_PX
        assert tile.label.font().pixelSize() > 30


def test_choosing_a_service_says_what_happens_and_offers_a_way_back(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk.start_session()
    w = kiosk.window
    del kiosk.flows["appointment"]  # as on a terminal where it is not open yet
    w.home.tiles["appointment"].click()
    assert w.current_screen() is w.message
    assert w.message.title.text() == "预约办税"
    assert w.message.body.text()
    w.message.back_button.click()
    assert w.current_screen() is w.home


def test_services_that_need_the_bureau_say_so_when_it_is_down(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: kiosk.link.state == LinkState.DOWN, timeout=5000)  # nothing on port 9
    w = kiosk.window
    assert w.strip.link.text() == "税务系统：未连接，部分业务暂停"
    kiosk.start_session()
    assert "需联网办理" in w.home.tiles["iit_certificate"].text()
    assert "需联网办理" not in w.home.tiles["queue_ticket"].text()
    w.home.tiles["iit_certificate"].click()
    assert "无法连接" in w.message.body.text() and "取号" in w.message.body.text()


def test_offline_the_message_names_the_certificate_check_among_what_still_works(  # type: ignore[no-untyped-def]
        qtbot, kiosk) -> None:
    qtbot.waitUntil(lambda: kiosk.link.state == LinkState.DOWN, timeout=5000)
    kiosk.start_session()
    w = kiosk.window
    assert "需联网办理" not in w.home.tiles["certificate_check"].text()
    w.home.tiles["invoice_check"].click()
    body = w.message.body.text()
    assert body.startswith("此项业务需要连接税务局系统，目前暂时无法连接")
    assert "以下业务断网时也可以办理：税收证明真伪查验、取号、预约办税、办税指南、通知公告、好差评。" in body
    assert "发票查验" not in body  # it needs the bureau too
    w.message.back_button.click()
    w.home.language_button.click()
    w.home.tiles["invoice_check"].click()
    english = w.message.body.text()
    assert "These services work without the network: Verify a tax certificate, Take a queue ticket" in english
    w.message.back_button.click()
    w.home.tiles["certificate_check"].click()  # and it does open offline
    assert w.current_screen() is w.step and w.step.title.text() == "Scan the QR code on the tax certificate"
    # A service this terminal cannot start is not offered as an alternative.
    w.step.cancel_button.click()
    del kiosk.flows["appointment"]
    w.home.tiles["iit_certificate"].click()
    assert "Book an appointment" not in w.message.body.text() and "Tax guides" in w.message.body.text()
