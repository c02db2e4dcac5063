"""预约办税 end to end: the bureau's slots with places left, booked only when the bureau confirms,
an optional phone number, cancel by ID card; offline a request said plainly to await confirmation."""

from __future__ import annotations

import datetime
import uuid

import sqlalchemy as sa
from bureau_thread import free_port
from check_rig import RESIDENT, bureau_on, shows, step_texts
from service_rig import SeededBureau, build_kiosk, receipt_texts, service_config, tap, tap_choice, type_on_keypad

from bureau import booking, store
from drivers.idcard.record import CardType
from kiosk.link import LinkState

OTHERS = ["440106198001011230", "440106198505054568", "440304197007077891"]


def _visits(bureau: SeededBureau) -> list[dict]:  # type: ignore[type-arg]
    v = store.visits
    with bureau.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(v).where(v.c.kind == "appointment")).mappings()]


def _next(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    tap(kiosk.window.step.next_button)
    qtbot.waitUntil(lambda: not kiosk.engine.busy_now, timeout=15000)
    qtbot.wait(10)  # the next step's buttons appear on the next turn of the event loop


def _identified(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["appointment"])
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    qtbot.waitUntil(lambda: w.step.title.text() == "请选择要办理的业务类型", timeout=5000)
    kiosk.id_reader.simulator.lift()
    tap_choice(kiosk, "综合业务")
    _next(qtbot, kiosk)


def _book(qtbot, kiosk, phone: str = "") -> None:  # type: ignore[no-untyped-def]
    """From the day step: the first day offered, 上午 10:00, the phone (or none), confirm."""
    w = kiosk.window
    assert w.step.title.text() == "请选择日期"
    tap(w.step.inputs[0].group.buttons()[0])
    _next(qtbot, kiosk)
    tap_choice(kiosk, "上午 10:00")
    _next(qtbot, kiosk)
    assert w.step.title.text() == "预约提醒：手机号码（可不填）" and w.step.next_button.isEnabled()  # optional
    if phone:
        type_on_keypad(kiosk, phone)
    _next(qtbot, kiosk)
    assert w.step.title.text() == "请确认" and shows(kiosk, "上午 10:00")
    _next(qtbot, kiosk)
    qtbot.waitUntil(lambda: w.step.title.text() == "请取走预约凭条" and not kiosk.engine.busy_now
                    and w.step.next_button.text() == "完成", timeout=15000)


def _first_day() -> datetime.date:
    day = datetime.date.today() + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def test_booked_only_when_the_bureau_confirms_then_cancelled_by_id_card(qtbot, service_kiosk,  # type: ignore[no-untyped-def]
                                                                         seeded_bureau: SeededBureau) -> None:
    k = service_kiosk
    _identified(qtbot, k)
    day = _first_day()
    weekday = "一二三四五六日"[day.weekday()]
    assert f"{day.month}月{day.day}日 周{weekday}" in k.window.step.inputs[0].group.buttons()[0].text()
    _book(qtbot, k, phone="13800138000")
    assert shows(k, "预约成功：税务机关已确认。") and shows(k, "请在下方凭条出口取走凭条（1张）。")
    slip = receipt_texts(k.printer.sim.receipts()[-1])
    assert any("预约办税凭条" in t for t in slip) and any("已确认" in t for t in slip)
    assert any(f"周{weekday} 上午 10:00" in t for t in slip) and not any(RESIDENT in t for t in slip)
    [booked] = _visits(seeded_bureau)
    assert booked["data"]["phone"] == "13800138000" and booked["data"]["slot"].startswith(f"{day}T10:00")
    assert k.outbox.rows() == []  # confirmed by the bureau itself: nothing waits on the terminal
    assert booking.left(seeded_bureau.engine, "demo-hall", f"{day}T10:00") == 2  # of 3
    tap(k.window.step.next_button)
    # The same person again: the booking is shown, and cancelled by ID card.
    _identified(qtbot, k)
    assert k.window.step.title.text() == "您已有一个预约" and shows(k, f"周{weekday} 上午 10:00")
    tap_choice(k, "取消原预约")
    _next(qtbot, k)
    assert k.window.step.title.text() == "请确认"
    _next(qtbot, k)
    assert k.window.step.title.text() == "预约结果"
    assert shows(k, f"已取消{day.month}月{day.day}日 周{weekday} 上午 10:00的预约。")
    assert booking.left(seeded_bureau.engine, "demo-hall", f"{day}T10:00") == 3


def test_a_full_slot_is_not_offered(qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:  # type: ignore[no-untyped-def]
    client = seeded_bureau.client()
    slot = f"{_first_day()}T10:00"
    for number in OTHERS:
        reply = client.post_json("/v1/appointments", {"appointment_id": str(uuid.uuid4()), "hall_id": "demo-hall",
                                                      "id_number": number, "service_id": "A", "slot": slot}, 5.0)
        assert reply.status == 200, reply.body
    refused = client.post_json("/v1/appointments", {"appointment_id": str(uuid.uuid4()), "hall_id": "demo-hall",
                                                    "id_number": RESIDENT, "service_id": "A", "slot": slot}, 5.0)
    assert refused.status == 409 and refused.body["error"]["code"] == "slot_full"
    k = service_kiosk
    _identified(qtbot, k)
    tap(k.window.step.inputs[0].group.buttons()[0])
    _next(qtbot, k)
    times = [b.text() for b in k.window.step.inputs[0].group.buttons()]
    assert "上午 09:00（余3个）" in times and not any("10:00" in t for t in times)


def test_offline_a_request_says_it_awaits_confirmation_and_how_to_learn_it(  # type: ignore[no-untyped-def]
        qtbot, tmp_path, seeded_bureau: SeededBureau) -> None:
    port = free_port()
    config = service_config(tmp_path, f"http://127.0.0.1:{port}", seeded_bureau.key)
    config = config.model_copy(update={"outbox": config.outbox.model_copy(update={"backoff_cap_s": 2.0})})
    k = build_kiosk(qtbot, config)
    try:
        qtbot.waitUntil(lambda: k.link.state == LinkState.DOWN, timeout=10000)
        _identified(qtbot, k)
        _book(qtbot, k)
        texts = " ".join(step_texts(k))
        assert "预约申请已保存，尚待税务机关确认" in texts and "致电12366" in texts and "预约成功" not in texts
        slip = receipt_texts(k.printer.sim.receipts()[-1])
        assert any("预约申请凭条" in t for t in slip) and any("待确认" in t for t in slip)
        rows = k.outbox.rows()
        assert [r["kind"] for r in rows] == ["appointment"] and rows[0]["state"] == "pending"
        with bureau_on(seeded_bureau, port):
            qtbot.waitUntil(lambda: (k.sync.wake(), k.outbox.backlog().pending == 0)[1], timeout=30000)
        [booked] = _visits(seeded_bureau)
        assert booked["data"]["id_number"] == RESIDENT and booked["key"] == rows[0]["id"]
    finally:
        k.shutdown()
