"""缴纳车船税, 缴纳社保费 and 双定户申报纳税 end to end: what is printed and what the bureau then holds."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from paying_data import NUMBER, OTHER, PLATE, VIN, owns_car, runs_business
from service_rig import (
    SeededBureau,
    archived_pdfs,
    bureau_pays,
    pdf_text,
    receipt_texts,
    show_face,
    shown_texts,
    step_title,
    tap,
    tap_choice,
    type_on_keypad,
    wait_for_banner,
    wait_for_step,
)

from bureau import store
from bureau.rates import RESIDENT_MEDICAL_YUAN
from drivers.idcard.record import CardType
from kiosk.payments import VOUCHERED
from kiosk.services.fixed_quota import period_due
from taxcore.masking import mask_id

CHECK, PAY, VOUCHER, RATE = "请核对缴费信息", "请扫码付款", "请取走您的缴款凭证", "请对本次服务进行评价"
THIS_YEAR = datetime.date.today().year
# The newest year the kiosk offers (this one or the last) whose resident-medical amounts the
# bureau publishes: a new year is offered before its figures are out.
SI_YEAR = max(y for y in (THIS_YEAR, THIS_YEAR - 1) if y in RESIDENT_MEDICAL_YUAN)


def paid_orders(bureau: SeededBureau) -> list[Any]:
    o = store.orders
    with bureau.engine.connect() as conn:
        return list(conn.execute(sa.select(o).where(o.c.status == "paid")))


def filings(bureau: SeededBureau) -> list[Any]:
    with bureau.engine.connect() as conn:
        return list(conn.execute(sa.select(store.filings)))


def start(qtbot, kiosk: Any, service: str, first_step: str) -> None:  # type: ignore[no-untyped-def]
    kiosk.start_session()
    tap(kiosk.window.home.tiles[service])
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    show_face(qtbot, kiosk)  # everything done in the taxpayer's name starts with the face check
    wait_for_step(qtbot, kiosk, first_step)


def next_step(qtbot, kiosk: Any, title: str) -> None:  # type: ignore[no-untyped-def]
    tap(kiosk.window.step.next_button)
    wait_for_step(qtbot, kiosk, title)


def pay_and_print(qtbot, kiosk: Any, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    """From the confirm step: pay on the phone, the voucher comes out on A4; its text (squashed)."""
    tap(kiosk.window.step.next_button)
    qtbot.waitUntil(lambda: kiosk.payment_watch.active, timeout=15000)
    assert step_title(kiosk) == PAY
    assert bureau_pays(kiosk.engine.context["payment"]["pay_url"]) == 200
    wait_for_step(qtbot, kiosk, VOUCHER, timeout=20000)
    qtbot.waitUntil(lambda: len(archived_pdfs(tmp_path)) == 1, timeout=20000)
    assert kiosk.payments.ledger.get(kiosk.engine.context["order_key"]).state == VOUCHERED
    next_step(qtbot, kiosk, RATE)
    return squash(pdf_text(archived_pdfs(tmp_path)[0]))


def pay_filing(qtbot, kiosk: Any, tmp_path: Path, bureau: SeededBureau, tax: str) -> tuple[Any, Any]:  # type: ignore[no-untyped-def]
    """From a filing's result: pay; the voucher names the period's quota tax and `tax`. (filing, paid order)."""
    next_step(qtbot, kiosk, CHECK)
    text = pay_and_print(qtbot, kiosk, tmp_path)
    month = period_due()  # the voucher's line: VAT for the month filed, not the day paid
    assert squash(f"增值税 定期定额（小规模纳税人1%） {month}-01 至 {month}-") in text and tax in text
    [filing] = filings(bureau)
    [order] = paid_orders(bureau)
    return filing, order


def squash(text: str) -> str:
    """Without white space: a table cell wraps where it likes."""
    return "".join(text.split())


def test_vehicle_tax_of_the_years_due_by_the_table_paid_once(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    kiosk = service_kiosk
    owns_car(seeded_bureau, THIS_YEAR - 2)  # 1.8 L: 420 yuan a year by the Guangdong table; two years due
    owns_car(seeded_bureau, THIS_YEAR, plate="粤B54321", vin="LSVAU2180N2183299")  # paid up: not offered
    kiosk.start_session()
    tap(kiosk.window.home.tiles["vehicle_tax"])
    wait_for_step(qtbot, kiosk, "如何查找您的车辆？")
    assert kiosk.window.step.progress.text() == "第 1 步 / 共 12 步"  # every step an answer may bring counts
    tap_choice(kiosk, "登记在我名下的车辆")
    next_step(qtbot, kiosk, "请出示身份证件")
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    show_face(qtbot, kiosk)
    wait_for_step(qtbot, kiosk, "请选择要缴税的车辆")
    labels = [b.text() for b in kiosk.window.step.inputs[0].group.buttons()]
    assert len(labels) == 1 and PLATE in labels[0] and "￥840.00" in labels[0]
    tap_choice(kiosk, PLATE)
    next_step(qtbot, kiosk, "车船税税额")
    shown = shown_texts(kiosk)
    for expected in ("乘用车", "1.8 L", "￥420.00", f"{THIS_YEAR - 1}年、{THIS_YEAR}年", "￥840.00"):
        assert expected in shown, expected
    next_step(qtbot, kiosk, CHECK)
    text = pay_and_print(qtbot, kiosk, tmp_path)
    for expected in ("中华人民共和国税收缴款凭证", "张三", "￥840.00",
                     *(f"车船税 乘用车 1.8L {PLATE} {y}-01-01 至 {y}-12-31" for y in (THIS_YEAR - 1, THIS_YEAR))):
        assert squash(expected) in text, expected
    [order] = paid_orders(seeded_bureau)
    assert order.total_cents == 840_00 and order.id_number == NUMBER
    v = store.vehicles
    with seeded_bureau.engine.connect() as conn:
        assert conn.execute(sa.select(v.c.paid_through_year).where(v.c.plate == PLATE)).scalar() == THIS_YEAR


def test_social_insurance_for_another_person_typed_with_its_check_digit(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    start(qtbot, kiosk, "si_pay", "为谁缴费？")
    tap_choice(kiosk, "为他人缴费")
    next_step(qtbot, kiosk, "请输入参保人的证件号码")
    wrong = OTHER[:-1] + ("1" if OTHER[-1] != "1" else "2")
    type_on_keypad(kiosk, wrong)
    assert w.step.inputs[0].error.text() and not w.step.next_button.isEnabled()  # the check digit fails
    tap(w.step.inputs[0].keypad.buttons["⌫"])
    type_on_keypad(kiosk, OTHER[-1])
    assert not w.step.inputs[0].error.text()
    next_step(qtbot, kiosk, "请选择险种和缴费年度")
    tap_choice(kiosk, "城乡居民医疗保险")
    tap_choice(kiosk, f"{SI_YEAR}年度")
    next_step(qtbot, kiosk, "请选择缴费档次")
    assert any("全年 ￥400.00" in b.text() for b in w.step.inputs[0].group.buttons())
    assert any(OTHER[-4:] in t for t in shown_texts(kiosk))  # whose insurance (masked)
    tap_choice(kiosk, "第1档")
    next_step(qtbot, kiosk, CHECK)
    assert any(t.startswith(f"城乡居民医疗保险 {SI_YEAR} 第1档") for t in shown_texts(kiosk))
    text = pay_and_print(qtbot, kiosk, tmp_path)
    assert squash(f"城乡居民医疗保险 {SI_YEAR}年度 第1档 参保人 {mask_id(OTHER)} {SI_YEAR}-01-01 至") in text
    assert "￥400.00" in text and "张三" in text  # the payer, and whose insurance it is (masked)
    [order] = paid_orders(seeded_bureau)
    assert order.id_number == NUMBER and order.total_cents == 400_00
    s = store.si_payments
    with seeded_bureau.engine.connect() as conn:
        [paid] = conn.execute(sa.select(s)).all()
    assert (paid.id_number, paid.insurance, paid.year, paid.level) == (OTHER, "resident_medical", SI_YEAR, 1)


def test_fixed_quota_filing_above_the_quota_pays_the_bureaus_tax(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    kiosk = service_kiosk
    runs_business(seeded_bureau, tax_cents=150_00, quota_cents=15_000_00)
    start(qtbot, kiosk, "fixed_quota", "本期定额")
    shown = shown_texts(kiosk)
    assert "张记餐饮店" in shown and period_due() in shown and "￥15,000.00" in shown and "￥150.00" in shown
    next_step(qtbot, kiosk, "本期经营情况")
    tap_choice(kiosk, "申报实际经营额")
    next_step(qtbot, kiosk, "请输入本期实际经营额（元）")
    type_on_keypad(kiosk, "20000")
    next_step(qtbot, kiosk, "请核对申报信息")
    next_step(qtbot, kiosk, "申报结果")
    assert "￥200.00" in shown_texts(kiosk)  # 1 % of 20,000 yuan, more than the quota tax: the bureau's figure
    filing, order = pay_filing(qtbot, kiosk, tmp_path, seeded_bureau, "￥200.00")
    assert (filing.sales_cents, filing.tax_cents, filing.order_id) == (20_000_00, 200_00, order.order_id)


def test_a_filing_that_owes_nothing_is_queued_while_offline_and_delivered_later(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    kiosk = service_kiosk
    runs_business(seeded_bureau, tax_cents=0)  # below the threshold: a nil quota tax
    start(qtbot, kiosk, "fixed_quota", "本期定额")
    next_step(qtbot, kiosk, "本期经营情况")
    tap_choice(kiosk, "按定额申报")
    next_step(qtbot, kiosk, "请核对申报信息")
    clients = (kiosk.bureau._client, kiosk.sync.transport)
    real = clients[0].base_url
    for client in clients:
        client.base_url = "http://127.0.0.1:9"  # the line to the bureau goes dead
    next_step(qtbot, kiosk, "申报结果")
    assert any("联网后自动送达" in t for t in shown_texts(kiosk))
    tap(kiosk.window.step.next_button)
    wait_for_step(qtbot, kiosk, "请取走您的申报回执")
    qtbot.waitUntil(lambda: any("等待送达" in t for t in shown_texts(kiosk)), timeout=15000)
    slip = receipt_texts(kiosk.printer.sim.receipts()[-1])
    assert any("定期定额申报回执" in t for t in slip) and any("等待送达税务机关" in t for t in slip)
    assert filings(seeded_bureau) == []
    for client in clients:
        client.base_url = real
    qtbot.waitUntil(lambda: [r["state"] for r in kiosk.outbox.rows() if r["kind"] == "filing"] == ["synced"],
                    timeout=15000)
    [filing] = filings(seeded_bureau)
    assert (filing.id_number, filing.period, filing.tax_cents) == (NUMBER, period_due(), 0)
    assert paid_orders(seeded_bureau) == []


def test_paying_services_do_not_start_offline(qtbot, unreachable_kiosk) -> None:  # type: ignore[no-untyped-def]
    from kiosk.link import LinkState

    kiosk, w = unreachable_kiosk, unreachable_kiosk.window
    qtbot.waitUntil(lambda: kiosk.link.state == LinkState.DOWN, timeout=10000)
    kiosk.start_session()
    for service in ("vehicle_tax", "si_pay", "fixed_quota"):
        assert "需联网办理" in w.home.tiles[service].text()
        tap(w.home.tiles[service])
        assert w.current_screen() is w.message and kiosk.engine.step is None
        assert "税务局" in w.message.body.text()
        tap(w.message.back_button)


def test_a_period_filed_earlier_but_unpaid_is_paid_without_filing_again(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    kiosk = service_kiosk
    runs_business(seeded_bureau, tax_cents=150_00)
    filed = seeded_bureau.client().post_json("/v1/filings", {  # filed at the counter; the tax left unpaid
        "filing_id": "COUNTER-1", "hall_id": "H1", "id_number": NUMBER, "period": period_due(),
        "sales_cents": 1_000_00}, 5.0, seeded_bureau.session_for(NUMBER))
    assert filed.status == 200, filed.body
    start(qtbot, kiosk, "fixed_quota", "本期定额")
    assert "￥150.00" in shown_texts(kiosk) and any("尚未缴纳" in t for t in shown_texts(kiosk))
    next_step(qtbot, kiosk, "请核对申报信息")  # nothing to declare again
    next_step(qtbot, kiosk, "申报结果")
    filing, order = pay_filing(qtbot, kiosk, tmp_path, seeded_bureau, "￥150.00")
    assert (filing.filing_id, filing.sales_cents, filing.order_id) == (
        filed.body["data"]["filing_id"], 1_000_00, order.order_id)  # the counter's filing, paid by the kiosk's order


def test_vehicle_found_by_its_typed_vin_then_only_its_owner_pays(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    kiosk, w = service_kiosk, service_kiosk.window
    owns_car(seeded_bureau, THIS_YEAR - 1)
    kiosk.start_session()
    tap(w.home.tiles["vehicle_tax"])
    wait_for_step(qtbot, kiosk, "如何查找您的车辆？")
    tap_choice(kiosk, "输入号牌号码或车辆识别代号")
    next_step(qtbot, kiosk, "请输入号牌号码或车辆识别代号")
    QTest.keyClicks(w.step.inputs[0].entry, VIN.lower(), Qt.KeyboardModifier.NoModifier, 5)
    next_step(qtbot, kiosk, "车船税税额")
    assert PLATE in shown_texts(kiosk) and "￥420.00" in shown_texts(kiosk)
    next_step(qtbot, kiosk, "请车主出示身份证件")
    kiosk.id_reader.simulator.place(CardType.HMT_PERMIT)  # not the owner: refused before any order
    show_face(qtbot, kiosk)
    assert "不是登记在您名下" in wait_for_banner(qtbot, kiosk)
    assert paid_orders(seeded_bureau) == []
    kiosk.id_reader.simulator.lift()
    tap(kiosk.window.step.back_button)  # back to the owner's identification
    wait_for_step(qtbot, kiosk, "请车主出示身份证件")
    kiosk.window.step.set_identify_method("card")  # the number read before is shown typed: the owner taps 刷身份证
    qtbot.wait(1500)  # the card taken off the reader, the owner's put on
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    show_face(qtbot, kiosk)
    wait_for_step(qtbot, kiosk, CHECK, timeout=20000)
    text = pay_and_print(qtbot, kiosk, tmp_path)
    assert squash(f"车船税 乘用车 1.8L {PLATE} {THIS_YEAR}-01-01 至 {THIS_YEAR}-12-31") in text
    [order] = paid_orders(seeded_bureau)
    assert order.id_number == NUMBER and order.total_cents == 420_00


def test_no_vehicle_on_file_is_said_at_identification(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["vehicle_tax"])
    wait_for_step(qtbot, kiosk, "如何查找您的车辆？")
    tap_choice(kiosk, "登记在我名下的车辆")
    next_step(qtbot, kiosk, "请出示身份证件")
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    show_face(qtbot, kiosk)
    assert "没有登记在您名下的车辆" in wait_for_banner(qtbot, kiosk)
    tap(w.step.cancel_button)
    assert w.current_screen() is w.home


def test_insurance_paid_for_the_year_is_said_when_chosen(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    seeded_bureau.paid_order(NUMBER, [{"kind": "si", "description": "城乡居民医疗保险", "amount_cents": 400_00,
                                       "ref": f"resident_medical:{SI_YEAR}:1:{NUMBER}"}])
    start(qtbot, kiosk, "si_pay", "为谁缴费？")
    tap_choice(kiosk, "为本人缴费")
    next_step(qtbot, kiosk, "请选择险种和缴费年度")
    tap_choice(kiosk, "城乡居民医疗保险")
    tap_choice(kiosk, f"{SI_YEAR}年度")
    tap(w.step.next_button)
    assert f"{SI_YEAR}年度已缴费（第1档）" in wait_for_banner(qtbot, kiosk)
    assert step_title(kiosk) == "请选择险种和缴费年度"  # another insurance or year can be chosen


def test_small_invoice_taxes_quoted_by_the_bureau_paid_then_the_invoice_printed_with_its_qr(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    kiosk, w = service_kiosk, service_kiosk.window
    start(qtbot, kiosk, "small_invoice", "请输入购买方名称")
    QTest.keyClicks(w.step.inputs[0].entry, "Li Lei Trading", Qt.KeyboardModifier.NoModifier, 5)
    next_step(qtbot, kiosk, "请选择项目并输入金额")
    tap_choice(kiosk, "咨询服务")
    tap_amount = w.step.inputs[1].keypad.buttons
    for key in "1010":
        tap(tap_amount[key])
    next_step(qtbot, kiosk, "请核对开票信息")
    assert "Li Lei Trading" in shown_texts(kiosk) and "￥1,010.00" in shown_texts(kiosk)
    next_step(qtbot, kiosk, "应缴税费")
    shown = shown_texts(kiosk)
    assert "￥10.00" in shown and "￥10.60" in shown  # the bureau's VAT and taxes to pay (1 %, halved surcharges)
    next_step(qtbot, kiosk, CHECK)
    tap(w.step.next_button)
    qtbot.waitUntil(lambda: kiosk.payment_watch.active, timeout=15000)
    assert bureau_pays(kiosk.engine.context["payment"]["pay_url"]) == 200
    wait_for_step(qtbot, kiosk, VOUCHER, timeout=20000)
    next_step(qtbot, kiosk, "请取走您的发票")
    qtbot.waitUntil(lambda: len(archived_pdfs(tmp_path)) == 2, timeout=20000)
    invoice = next(t for t in map(pdf_text, archived_pdfs(tmp_path)) if "电子发票" in t)
    for expected in ("Li Lei Trading", "张三", "咨询服务", "￥1,000.00", "￥10.00", "￥1,010.00", "价税合计"):
        assert squash(expected) in squash(invoice), expected
    [doc] = seeded_bureau.documents("invoice")
    assert doc["body"]["buyer_name"] == "Li Lei Trading" and doc["body"]["total_cents"] == 1010_00
    [order] = paid_orders(seeded_bureau)
    assert doc["body"]["tax_order_id"] == order.order_id and order.total_cents == 10_60
    assert kiosk.engine.context["invoice"]["serial"] == doc["serial"]
