"""清缴税费 end to end: the money is taken once and always ends in a voucher, or is not taken at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from service_rig import (
    SeededBureau,
    archived_pdfs,
    bureau_pays,
    pdf_text,
    receipt_texts,
    service_config,
    show_face,
    shown_texts,
    step_title,
    tap,
    tap_choice,
    wait_for_step,
)

from bureau import store
from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from kiosk.payments import PAID, VOUCHERED

NUMBER = CARDS[CardType.RESIDENT]["id_number"]
CHOOSE, CHECK, PAY = "请选择要缴纳的欠缴税费", "请核对缴费信息", "请扫码付款"
VOUCHER = "请取走您的缴款凭证"
DEBTS = [("房产税", "2025-06", 120_00, 3_60), ("印花税", "2025-09", 12_50, 0)]


def orders(bureau: SeededBureau) -> list[Any]:
    with bureau.engine.connect() as conn:
        return list(conn.execute(sa.select(store.orders)))


def unpaid_arrears(bureau: SeededBureau) -> list[str]:
    a = store.arrears
    with bureau.engine.connect() as conn:
        return [r.tax_kind for r in conn.execute(sa.select(a).where(a.c.id_number == NUMBER,
                                                                    a.c.paid_order_id.is_(None)))]


def to_pay_step(qtbot, kiosk: Any, *debts: str) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["clear_arrears"])
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    show_face(qtbot, kiosk)  # the arrears are 张三's to see only once the face is checked
    wait_for_step(qtbot, kiosk, CHOOSE)
    for debt in debts:
        tap_choice(kiosk, debt)
    field = w.step.inputs[0]
    ticked = [b.text() for b in field.group.buttons() if b.text().startswith("✔ ")]
    assert len(ticked) == len(debts) and all(b.text()[:2] in ("✔ ", "□ ") for b in field.group.buttons())
    assert field.summary.text().startswith(f"已选 {len(debts)} 项，合计 ￥")  # the running total
    tap(w.step.next_button)
    wait_for_step(qtbot, kiosk, CHECK)
    tap(w.step.next_button)
    qtbot.waitUntil(lambda: kiosk.payment_watch.active, timeout=15000)


def pay_url(kiosk: Any) -> str:
    return str(kiosk.engine.context["payment"]["pay_url"])


def test_paying_two_debts_prints_one_voucher_and_settles_them(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    seeded_bureau.owes(NUMBER, DEBTS)
    to_pay_step(qtbot, kiosk, "房产税", "印花税")
    assert "￥136.10" in shown_texts(kiosk)  # 120.00 + 3.60 late fee + 12.50
    assert w.step.qr_label is not None and w.step.qr_label.property("payload") == pay_url(kiosk)
    qtbot.waitUntil(lambda: "剩余付款时间" in w.step.countdown.text(), timeout=3000)
    tap(w.step.next_button)  # "I have paid" before paying: the bureau is asked, nothing moves on
    qtbot.wait(500)
    assert step_title(kiosk) == PAY
    assert bureau_pays(pay_url(kiosk)) == 200
    wait_for_step(qtbot, kiosk, VOUCHER, timeout=20000)
    qtbot.waitUntil(lambda: len(archived_pdfs(tmp_path)) == 1 and not kiosk.engine.busy_now, timeout=20000)
    text = pdf_text(archived_pdfs(tmp_path)[0])
    for expected in ("中华人民共和国税收缴款凭证", "张三", "房产税 2025-06", "印花税 2025-09", "￥136.10"):
        assert expected in text, expected
    assert "补打" not in text
    [order] = orders(seeded_bureau)
    assert order.status == "paid" and order.total_cents == 136_10 and unpaid_arrears(seeded_bureau) == []
    payment = kiosk.payments.ledger.get(kiosk.engine.context["order_key"])
    assert payment.state == VOUCHERED
    assert [r["kind"] for r in kiosk.outbox.rows()].count("payment") == 1
    tap(w.step.next_button)
    wait_for_step(qtbot, kiosk, "请对本次服务进行评价")


def test_cancel_while_paying_closes_the_order_and_takes_nothing(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    seeded_bureau.owes(NUMBER, DEBTS)
    to_pay_step(qtbot, kiosk, "印花税")
    url = pay_url(kiosk)
    tap(w.step.cancel_button)
    qtbot.waitUntil(lambda: w.current_screen() is w.message, timeout=10000)
    assert "付款已取消，没有扣款。" in w.message.body.text()
    assert bureau_pays(url) == 409  # the payer's phone is refused: nothing is taken
    assert [o.status for o in orders(seeded_bureau)] == ["cancelled"]
    assert sorted(unpaid_arrears(seeded_bureau)) == ["印花税", "房产税"]


def test_i_have_paid_asks_the_bureau_and_says_what_it_found(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    """我已支付 before paying gave 7 s of silence: now 正在查询, then 尚未收到付款; after paying, 已到账."""
    kiosk, w = service_kiosk, service_kiosk.window
    seeded_bureau.owes(NUMBER, DEBTS)
    to_pay_step(qtbot, kiosk, "印花税")
    tap(w.step.next_button)
    assert w.step.banner.text() == "正在向税务机关查询付款结果…" and w.step.banner.isVisible()
    qtbot.waitUntil(lambda: w.step.banner.text().startswith("尚未收到付款"), timeout=5000)
    assert w.step.banner.property("level") == "bad" and step_title(kiosk) == PAY
    assert bureau_pays(pay_url(kiosk)) == 200
    tap(w.step.next_button)
    qtbot.waitUntil(lambda: w.step.banner.text() == "付款已到账，正在打印缴款凭证。" or step_title(kiosk) == VOUCHER,
                    timeout=5000)
    wait_for_step(qtbot, kiosk, VOUCHER, timeout=20000)
    assert [o.status for o in orders(seeded_bureau)] == ["paid"]


def test_when_the_time_to_pay_runs_out_the_order_is_closed_and_that_is_said(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    """Expiry had the words of a tapped Cancel: it says the time ran out, the order is closed, nothing charged."""
    kiosk, w = service_kiosk, service_kiosk.window
    seeded_bureau.owes(NUMBER, DEBTS)
    kiosk.payment_watch.timeout_s = 3.0
    to_pay_step(qtbot, kiosk, "印花税")
    url = pay_url(kiosk)
    qtbot.waitUntil(lambda: w.current_screen() is w.message, timeout=15000)
    assert w.message.body.text() == "付款时间已到，本次缴款订单已关闭，没有扣款。如需缴款，请重新办理。"
    assert "取消" not in w.message.body.text()
    assert [o.status for o in orders(seeded_bureau)] == ["cancelled"]
    assert bureau_pays(url) == 409  # the payer's phone is refused now: nothing can be taken
    assert sorted(unpaid_arrears(seeded_bureau)) == ["印花税", "房产税"]


def test_a_double_tap_on_confirm_opens_one_order(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    seeded_bureau.owes(NUMBER, DEBTS)
    kiosk.start_session()
    tap(w.home.tiles["clear_arrears"])
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    show_face(qtbot, kiosk)  # the arrears are 张三's to see only once the face is checked
    wait_for_step(qtbot, kiosk, CHOOSE)
    tap_choice(kiosk, "房产税")
    tap(w.step.next_button)
    wait_for_step(qtbot, kiosk, CHECK)
    w.step.next_button.click()
    w.step.next_button.click()  # the second tap lands on the pay step while its order is opening
    qtbot.waitUntil(lambda: kiosk.payment_watch.active, timeout=15000)
    qtbot.wait(500)
    assert len(orders(seeded_bureau)) == 1 and step_title(kiosk) == PAY


def test_the_link_lost_while_polling_then_back_finds_the_payment(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    seeded_bureau.owes(NUMBER, DEBTS)
    to_pay_step(qtbot, kiosk, "房产税")
    client = kiosk.bureau._client
    real = client.base_url
    client.base_url = "http://127.0.0.1:9"  # the line to the bureau goes dead
    qtbot.waitUntil(lambda: w.step.banner.isVisible() and "连接中断" in w.step.banner.text(), timeout=10000)
    assert bureau_pays(pay_url(kiosk)) == 200  # the payer pays meanwhile
    client.base_url = real
    wait_for_step(qtbot, kiosk, VOUCHER, timeout=20000)
    qtbot.waitUntil(lambda: len(archived_pdfs(tmp_path)) == 1 and not kiosk.engine.busy_now, timeout=20000)
    assert [o.status for o in orders(seeded_bureau)] == ["paid"]


def test_paper_out_on_the_voucher_keeps_it_owed_until_it_prints(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, seeded_bureau: SeededBureau) -> None:
    from service_rig import build_kiosk

    from kiosk.link import LinkState

    config = service_config(tmp_path, seeded_bureau.url, seeded_bureau.key)
    del config.devices["a4_printer"]  # the voucher goes to the roll
    kiosk = build_kiosk(qtbot, config)
    try:
        qtbot.waitUntil(lambda: kiosk.link.state == LinkState.UP, timeout=10000)
        w = kiosk.window
        seeded_bureau.owes(NUMBER, DEBTS)
        to_pay_step(qtbot, kiosk, "房产税")
        kiosk.printer.sim.paper_out_after(2)
        key = kiosk.engine.context["order_key"]
        assert bureau_pays(pay_url(kiosk)) == 200
        qtbot.waitUntil(lambda: w.step.banner.isVisible() and w.step.banner.property("level") == "bad"
                        and not kiosk.engine.busy_now, timeout=30000)
        assert "缺纸" in w.step.banner.text() and w.step.next_button.text() == "再试一次"
        assert kiosk.payments.ledger.get(key).state == PAID  # paid, voucher owed
        assert [p.order_key for p in kiosk.payments.owed_vouchers()] == [key]
        kiosk.printer.sim.load_paper()
        tap(w.step.next_button)
        qtbot.waitUntil(lambda: kiosk.payments.ledger.get(key).state == VOUCHERED, timeout=30000)
        whole = [r for r in kiosk.printer.sim.receipts() if any("缴款凭证" in t for t in receipt_texts(r))]
        assert whole and any("￥123.60" in t for t in receipt_texts(whole[-1]))
        assert [o.status for o in orders(seeded_bureau)] == ["paid"]
    finally:
        kiosk.shutdown()


def test_offline_the_paying_tiles_say_so_and_do_not_start(qtbot, unreachable_kiosk) -> None:  # type: ignore[no-untyped-def]
    from kiosk.link import LinkState

    kiosk, w = unreachable_kiosk, unreachable_kiosk.window
    qtbot.waitUntil(lambda: kiosk.link.state == LinkState.DOWN, timeout=10000)
    kiosk.start_session()
    paying = [s.id for s in kiosk.catalogue.services if s.payment]
    assert "clear_arrears" in paying
    for service in paying:
        assert "（需联网办理）" in w.home.tiles[service].text()
        tap(w.home.tiles[service])
        assert w.current_screen() is w.message and kiosk.engine.flow is None
        assert "此项业务需要连接税务局系统，目前暂时无法连接。" in w.message.body.text()
        tap(w.message.back_button)
    assert kiosk.payments.ledger.with_state("ordering", "pending") == []  # no order was even written


def test_a_technician_prints_a_voucher_the_taxpayer_left_without(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, seeded_bureau: SeededBureau) -> None:
    import sys

    sys.path.append(str(Path(__file__).parents[1] / "diag"))
    from diag_helpers import CARD_PUBLIC, PIN_HASH, audit_actions, enter_with_pin, wait_idle
    from service_rig import build_kiosk, service_settings

    from kiosk.config import parse_config
    from kiosk.link import LinkState

    settings = service_settings(tmp_path, seeded_bureau.url, seeded_bureau.key)
    settings["diagnostics"] = {"pin_hash": PIN_HASH, "card_public_key": CARD_PUBLIC}
    config = parse_config(settings)
    del config.devices["a4_printer"]  # the voucher goes to the roll
    kiosk = build_kiosk(qtbot, config)
    try:
        qtbot.waitUntil(lambda: kiosk.link.state == LinkState.UP, timeout=10000)
        seeded_bureau.owes(NUMBER, DEBTS)
        to_pay_step(qtbot, kiosk, "房产税")
        kiosk.printer.sim.paper_out()
        key = kiosk.engine.context["order_key"]
        assert bureau_pays(pay_url(kiosk)) == 200
        qtbot.waitUntil(lambda: kiosk.window.step.banner.property("level") == "bad" and not kiosk.engine.busy_now,
                        timeout=30000)
        kiosk.session.end("timeout")  # the taxpayer walked away; the payment stands, its voucher is owed
        kiosk.printer.sim.load_paper()
        d = enter_with_pin(qtbot, kiosk)
        d.screen.menu.buttons["jobs"].click()
        page = d.screen.pages["jobs"]
        wait_idle(qtbot, page)
        assert "已缴款未打印凭证：1" in page.text.text()
        [button] = [b for b in page.findChildren(type(page.back_button)) if b.property("key") == f"voucher:{key}"]
        assert button.text() == "打印凭证"
        button.click()
        qtbot.waitUntil(lambda: kiosk.payments.ledger.get(key).state == VOUCHERED, timeout=30000)
        wait_idle(qtbot, page)
        assert "已缴款未打印凭证：0" in page.text.text()
        printed = [r for r in kiosk.printer.sim.receipts() if any("缴款凭证" in t for t in receipt_texts(r))]
        assert len(printed) == 1 and any(NUMBER in t for t in receipt_texts(printed[0]))
        assert any(a["action"] == "voucher printed" for a in audit_actions(kiosk))
    finally:
        kiosk.shutdown()
