"""取号 offline: a real ticket comes out of the (simulated) printer, numbered without collisions,
is queued for the bureau, and a paper-out ends in a clear message and one reprint."""

from __future__ import annotations

import datetime

from drivers.printer.parser import PrintedBarcode, PrintedText
from kiosk.link import LinkState
from kiosk.services.tickets import issue_ticket


def _texts(receipt) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.text for e in receipt if isinstance(e, PrintedText)]


def _take_ticket(qtbot, kiosk, business_index: int) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    w.home.tiles["queue_ticket"].click()
    w.step.inputs[0].group.buttons()[business_index].click()
    w.step.next_button.click()
    assert w.step.title.text() == "确认取号"
    w.step.next_button.click()


def test_ticket_prints_offline_and_is_queued(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: kiosk.link.state == LinkState.DOWN, timeout=5000)
    sim = kiosk.printer.sim
    kiosk.start_session()
    _take_ticket(qtbot, kiosk, 0)
    w = kiosk.window
    qtbot.waitUntil(lambda: w.step.title.text() == "请取走您的排队凭条" and not w.step.banner.isVisible(),
                    timeout=15000)
    assert not w.step.back_button.isVisibleTo(w.step)  # no going back past a print
    # The ticket is out: only the way to finish, no cancelling what is done.
    assert not w.step.cancel_button.isVisibleTo(w.step)
    assert w.step.next_button.isVisibleTo(w.step) and w.step.next_button.text() == "完成"
    receipts = sim.receipts()
    assert len(receipts) == 1
    texts = _texts(receipts[0])
    number = next(t for t in texts if t.strip().startswith("A01-"))
    assert number.strip() == "A01-001"
    assert any("综合业务" in t for t in texts) and any("排队取号凭条" in t for t in texts)
    assert any(isinstance(e, PrintedBarcode) for e in receipts[0])
    rows = kiosk.outbox.rows()
    assert rows[0]["kind"] == "queue_ticket" and rows[0]["payload"]["number"] == "A01-001"
    w.step.next_button.click()
    assert w.current_screen() is w.home
    # The next ticket of the same business gets the next number; another business its own series.
    _take_ticket(qtbot, kiosk, 0)
    qtbot.waitUntil(lambda: len(sim.receipts()) == 2, timeout=15000)
    assert any(t.strip() == "A01-002" for t in _texts(sim.receipts()[1]))


def test_paper_out_mid_ticket_says_so_and_reprints_once(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    sim = kiosk.printer.sim
    kiosk.start_session()
    sim.paper_out_after(2)
    _take_ticket(qtbot, kiosk, 2)
    w = kiosk.window
    qtbot.waitUntil(lambda: w.step.banner.text() == "打印中途缺纸，工作人员装纸后可以重新打印。", timeout=30000)
    assert w.step.next_button.text() == "再试一次" and w.step.next_button.isEnabled()
    assert w.step.cancel_button.isVisibleTo(w.step)  # nothing came out yet: the taxpayer may give up
    sim.load_paper()
    w.step.next_button.click()
    qtbot.waitUntil(lambda: not w.step.banner.isVisible() and w.step.next_button.text() == "完成", timeout=30000)
    assert not w.step.cancel_button.isVisibleTo(w.step)
    whole = [r for r in sim.receipts() if any(t.strip() == "C01-001" for t in _texts(r))]
    assert len(whole) >= 1
    assert len(kiosk.outbox.rows()) == 1  # one ticket issued, printed twice at most (once cut short)


def test_numbers_never_repeat_per_day_and_business(kiosk) -> None:  # type: ignore[no-untyped-def]
    day = datetime.datetime(2026, 11, 22, 9, 0)
    numbers = [issue_ticket(kiosk.outbox, 7, {"business": "B"}, now=day)["number"] for _ in range(3)]
    assert numbers == ["B07-001", "B07-002", "B07-003"]
    assert issue_ticket(kiosk.outbox, 7, {"business": "B"}, now=day + datetime.timedelta(days=1))["number"] == "B07-001"
