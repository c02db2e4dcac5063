"""好差评 is recorded durably in the outbox, offline, once per visit."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.link import LinkState


def test_rating_is_queued_in_the_outbox_while_offline(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: kiosk.link.state == LinkState.DOWN, timeout=5000)
    w = kiosk.window
    kiosk.start_session()
    w.home.tiles["rating"].click()
    buttons = {b.text(): b for b in w.step.rating_group.buttons()}
    assert list(buttons) == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    buttons["非常满意"].click()
    w.step.next_button.click()
    qtbot.waitUntil(lambda: w.current_screen() is w.home, timeout=5000)
    rows = kiosk.outbox.rows()
    assert len(rows) == 1
    assert rows[0]["kind"] == "rating" and rows[0]["state"] == "pending"
    assert rows[0]["payload"] == {"level": 5, "service": "rating"}
    w.home.tiles["rating"].click()
    assert w.message.body.text() == QCoreApplication.translate(
        "KioskApp", "You have already rated this visit. Thank you!")
    assert len(kiosk.outbox.rows()) == 1


def test_rating_is_optional_and_skipping_it_records_nothing(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    kiosk.start_session()
    w.home.tiles["rating"].click()
    assert w.step.next_button.text() == "跳过" and w.step.next_button.isEnabled()  # never a trap
    assert w.step.back_button.objectName() == "secondary"
    w.step.next_button.click()
    qtbot.waitUntil(lambda: w.current_screen() is w.home, timeout=5000)
    assert kiosk.outbox.rows() == []
    w.home.tiles["rating"].click()  # skipped is not rated: the visit may still rate
    assert w.current_screen() is w.step and w.step.rating_group is not None
