"""预约办税 and the queue ticket's comfort index end to end: card on the simulated reader, slip from
the simulated printer, what the bureau recorded after sync, and both offline."""

from __future__ import annotations

import dataclasses
import datetime
import uuid

import sqlalchemy as sa
from bureau_thread import free_port
from check_rig import RESIDENT, bureau_on, seed_past_tickets, shows, step_texts
from service_rig import SeededBureau, build_kiosk, receipt_texts, service_config, tap, tap_choice

from bureau import hall, store
from drivers.idcard.record import CardType
from kiosk.link import LinkState
from kiosk.services import comfort
from taxcore.masking import mask_id


def _visits(bureau: SeededBureau, kind: str) -> list[dict]:  # type: ignore[type-arg]
    v = store.visits
    with bureau.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(v).where(v.c.kind == kind)).mappings()]


def _synced(kiosk) -> bool:  # type: ignore[no-untyped-def]
    kiosk.sync.wake()
    return kiosk.outbox.backlog().pending == 0


def _next(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    tap(kiosk.window.step.next_button)
    qtbot.wait(10)  # the next step's buttons appear on the next turn of the event loop


def _book(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    """Card on the reader, general services, the first day offered at 10:00, confirm."""
    w = kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["appointment"])
    assert w.step.title.text() == "请出示身份证件"
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    qtbot.waitUntil(lambda: w.step.title.text() == "请选择要办理的业务类型", timeout=5000)
    kiosk.id_reader.simulator.lift()
    tap_choice(kiosk, "综合业务")
    _next(qtbot, kiosk)
    assert w.step.title.text() == "请选择日期"
    tap(w.step.inputs[0].group.buttons()[0])
    _next(qtbot, kiosk)
    tap_choice(kiosk, "10:00")
    _next(qtbot, kiosk)
    assert w.step.title.text() == "确认预约" and shows(kiosk, mask_id(RESIDENT)) and shows(kiosk, "10:00")
    _next(qtbot, kiosk)
    qtbot.waitUntil(lambda: w.step.title.text() == "预约成功，请取走预约凭条" and not kiosk.engine.busy_now
                    and kiosk.window.step.next_button.text() == "完成", timeout=15000)


def _first_day() -> datetime.date:
    day = datetime.date.today() + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def test_an_appointment_prints_a_slip_and_reaches_the_bureau(qtbot, service_kiosk,
                                                             seeded_bureau: SeededBureau) -> None:
    k = service_kiosk
    _book(qtbot, k)
    slot = f"{_first_day().isoformat()} 10:00"
    code = k.engine.context["booking"]["code"]
    assert shows(k, slot) and shows(k, code)
    slip = receipt_texts(k.printer.sim.receipts()[-1])
    assert any("预约办税凭条" in t for t in slip) and any(slot in t for t in slip)
    assert any(code in t for t in slip) and any(mask_id(RESIDENT) in t for t in slip)
    assert not any(RESIDENT in t for t in slip)  # the full number is never printed
    qtbot.waitUntil(lambda: _synced(k), timeout=20000)
    booked = _visits(seeded_bureau, "appointment")
    assert len(booked) == 1
    assert booked[0]["data"]["id_number"] == RESIDENT and booked[0]["data"]["slot"].startswith(
        f"{_first_day().isoformat()}T10:00")
    assert booked[0]["hall_id"] == "demo-hall" and booked[0]["data"]["service_id"] == "A"
    tap(k.window.step.next_button)
    assert k.window.current_screen() is k.window.home


def test_an_appointment_booked_offline_is_synced_when_the_link_returns(qtbot, tmp_path,  # type: ignore[no-untyped-def]
                                                                       seeded_bureau: SeededBureau) -> None:
    port = free_port()
    config = service_config(tmp_path, f"http://127.0.0.1:{port}", seeded_bureau.key)
    config = dataclasses.replace(config, outbox=dataclasses.replace(config.outbox, backoff_cap_s=2.0))
    k = build_kiosk(qtbot, config)
    try:
        qtbot.waitUntil(lambda: k.link.state == LinkState.DOWN, timeout=10000)
        _book(qtbot, k)  # offered, booked and printed with the link down
        assert shows(k, k.engine.context["booking"]["code"])
        assert any("预约办税凭条" in t for t in receipt_texts(k.printer.sim.receipts()[-1]))
        rows = k.outbox.rows()
        assert [r["kind"] for r in rows] == ["appointment"] and rows[0]["state"] == "pending"
        assert _visits(seeded_bureau, "appointment") == []
        with bureau_on(seeded_bureau, port):
            qtbot.waitUntil(lambda: _synced(k), timeout=30000)
        booked = _visits(seeded_bureau, "appointment")
        assert len(booked) == 1 and booked[0]["data"]["id_number"] == RESIDENT
        assert booked[0]["key"] == rows[0]["id"]  # once, under the outbox's transaction id
    finally:
        k.shutdown()


def _take_ticket(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    """General services, take it; returns once the ticket has printed (the number is A01-001)."""
    w = kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["queue_ticket"])
    tap_choice(kiosk, "综合业务")
    _next(qtbot, kiosk)
    _next(qtbot, kiosk)
    qtbot.waitUntil(lambda: w.step.title.text() == "请取走您的排队凭条" and not kiosk.engine.busy_now, timeout=15000)
    assert any(t.strip() == "A01-001" for t in receipt_texts(kiosk.printer.sim.receipts()[-1]))


def _waiting_today(bureau: SeededBureau, count: int) -> None:
    """`count` general-services tickets taken earlier today at another terminal of the hall."""
    client = bureau.client()
    now = datetime.datetime.now()
    earlier = max(now - datetime.timedelta(minutes=30), now.replace(hour=0, minute=0, second=0))
    for n in range(count):
        reply = client.post_json("/v1/tickets", {
            "hall_id": "demo-hall", "number": f"A02-{n + 1:03d}", "service_id": "A",
            "issued_at": earlier.isoformat("T", "seconds"), "txn_id": str(uuid.uuid4())}, 5.0)
        assert reply.status == 200 and reply.body["ahead"] == n, reply.body


def test_a_ticket_taken_online_shows_and_prints_who_is_ahead_and_the_display_calls_it(
        qtbot, service_kiosk, seeded_bureau: SeededBureau, page) -> None:  # type: ignore[no-untyped-def]
    hour = datetime.datetime.now().hour
    seed_past_tickets(seeded_bureau, hour)
    _waiting_today(seeded_bureau, 2)
    k = service_kiosk
    k.check_visit.refresh()
    qtbot.waitUntil(lambda: (k.check_visit.comfort.snapshot(True) or {}).get("days_observed") == 3, timeout=10000)
    _take_ticket(qtbot, k)
    texts = step_texts(k)
    assert texts[texts.index("前面等候") + 1] == "2 人"
    assert "请在下方凭条出口取走凭条（1张）。" in texts  # where the paper is, once it is out
    printed = receipt_texts(k.printer.sim.receipts()[-1])
    assert any("前面等候" in t and "2 人" in t for t in printed), printed
    # The comfort index as the visitor reads it: a level only while the counters are open.
    now = texts[texts.index("办税舒适度指数") + 1]
    assert now in {comfort.CLOSED.zh, comfort.NOT_PUBLISHED.zh, *(t.zh for t in comfort.NOW.values())}
    # The counters call the two before it, then this one: the hall display (Chromium, no script) shows it.
    for counter in ("1", "2", "3"):
        assert hall.call_next(seeded_bureau.engine, "demo-hall", counter) is not None
    page.goto(f"{seeded_bureau.url}/hall/demo-hall/display")
    assert page.locator("#now").inner_text().startswith("请 A01-001 号到 3 号窗口")
    assert "A02-002" in page.locator("#called").inner_text()
    assert page.locator("meta[http-equiv=refresh]").get_attribute("content") == "5"
    qtbot.waitUntil(lambda: _synced(k), timeout=20000)
    tickets = [t for t in _visits(seeded_bureau, "ticket") if t["data"]["number"] == "A01-001"]
    assert len(tickets) == 1 and tickets[0]["hall_id"] == "demo-hall"  # the outbox's copy is the same ticket


def test_offline_the_ticket_prints_and_the_index_says_it_is_unavailable(qtbot, unreachable_kiosk) -> None:  # type: ignore[no-untyped-def]
    k = unreachable_kiosk
    qtbot.waitUntil(lambda: k.link.state == LinkState.DOWN, timeout=5000)
    _take_ticket(qtbot, k)
    assert shows(k, "暂不可用（未能连接税务机关）")
    texts = step_texts(k)
    assert texts[texts.index("前面等候") + 1] == "暂不知道（未连上叫号系统），请留意大厅叫号屏"
    assert any("前面等候" in t and "暂不知道" in t for t in receipt_texts(k.printer.sim.receipts()[-1]))
    assert k.outbox.rows()[0]["kind"] == "queue_ticket"
