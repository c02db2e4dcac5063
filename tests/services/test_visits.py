"""The queue ticket end to end: people ahead and the comfort index online, the hall display calling it
(Chromium), and offline a ticket that still prints. (预约办税: test_appointments.py.)"""

from __future__ import annotations

import datetime
import uuid

import sqlalchemy as sa
from check_rig import seed_past_tickets, shows, step_texts
from service_rig import SeededBureau, receipt_texts, tap, tap_choice

from bureau import hall, store
from kiosk.link import LinkState
from kiosk.services import comfort


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
