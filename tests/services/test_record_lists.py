"""纳税清单 by keypad, 社保费缴费清单 by tax-app code, 汇总清单 on the receipt roll, 缴款凭证 reprinted twice.

Each is tapped through from the home screen on simulated devices against the seeded bureau;
what came out (archive PDF text or the roll's ESC/POS parsed back) and what the bureau
recorded are then compared with the bureau's own records.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from service_rig import (
    RATE,
    RECORD_YEAR,
    YEAR,
    SeededBureau,
    archived_pdfs,
    choose_and_confirm,
    pdf_text,
    receipt_qr,
    receipt_texts,
    show_face,
    shown_texts,
    tap,
    type_on_keypad,
    wait_for_step,
    wait_printed,
)

from bureau import store
from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from taxcore import doclink
from taxcore.money import yuan


def _method(kiosk, method: str) -> None:  # type: ignore[no-untyped-def]
    tap(next(b for b in kiosk.window.step.method_group.buttons() if b.property("method") == method))


def _face_year_print(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    show_face(qtbot, kiosk)
    wait_for_step(qtbot, kiosk, YEAR)
    choose_and_confirm(qtbot, kiosk, f"{RECORD_YEAR}年")
    wait_printed(qtbot, kiosk)


def _sum(engine: sa.Engine, column: sa.Column, number: str) -> int:  # type: ignore[type-arg]
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.sum(column)).where(column.table.c.id_number == number)).scalar_one())


def test_tax_record_list_by_keypad_checks_the_digit_as_typed(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    number = CARDS[CardType.RESIDENT]["id_number"]
    wrong = number[:17] + ("1" if number[17] != "1" else "2")
    kiosk.start_session()
    tap(w.home.tiles["tax_record_list"])
    _method(kiosk, "type")
    type_on_keypad(kiosk, wrong)
    field = w.step.inputs[0]
    assert field.error.text() == "证件号码校验位不正确，请核对后重新输入。"
    assert not w.step.next_button.isEnabled()
    type_on_keypad(kiosk, "⌫" + number[17])
    assert field.error.text() == "" and w.step.next_button.isEnabled()
    tap(w.step.next_button)
    _face_year_print(qtbot, kiosk)

    issued = seeded_bureau.documents("tax_record_list")
    assert len(issued) == 1 and issued[0]["id_number"] == number
    text = pdf_text(archived_pdfs(tmp_path)[0])
    employer = kiosk.engine.context["issued"]["body"]["lines"][0]["withholding_agent"]
    total = _sum(seeded_bureau.engine, store.iit_records.c.tax_cents, number)
    for expected in ("个人所得税纳税记录", "张三", number, "居民身份证", employer, issued[0]["serial"],
                     f"{RECORD_YEAR}-01 至 {RECORD_YEAR}-12", yuan(total)):
        assert expected in text, expected
    logged = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "document issued" in logged and number not in logged and "张三" not in logged


def test_si_payment_list_by_tax_app_code(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    number = CARDS[CardType.HMT_PERMIT]["id_number"]
    kiosk.start_session()
    tap(w.home.tiles["si_payment_list"])
    _method(kiosk, "qr")
    kiosk.scanner.simulator.scan(f"etax-id:{number}")
    _face_year_print(qtbot, kiosk)
    assert kiosk.engine.context["identified_by"] == "qr"
    issued = seeded_bureau.documents("si_payment_list")
    assert len(issued) == 1 and issued[0]["id_number"] == number
    text = pdf_text(archived_pdfs(tmp_path)[0])
    total = _sum(seeded_bureau.engine, store.si_contributions.c.personal_cents, number)
    for expected in ("社会保险费缴费清单", "陈美玲", number, "基本养老保险", "基本医疗保险", "失业保险",
                     f"{RECORD_YEAR}-12", yuan(total)):
        assert expected in text, expected


def test_si_summary_goes_to_the_roll_without_an_a4_printer(  # type: ignore[no-untyped-def]
        qtbot, roll_only_kiosk, tmp_path: Path, seeded_bureau: SeededBureau) -> None:
    kiosk = roll_only_kiosk
    number = CARDS[CardType.RESIDENT]["id_number"]
    kiosk.start_session()
    tap(kiosk.window.home.tiles["si_summary"])
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    _face_year_print(qtbot, kiosk)
    assert "请在凭条出口取走文件。" in shown_texts(kiosk)
    issued = seeded_bureau.documents("si_summary")
    assert len(issued) == 1 and issued[0]["id_number"] == number
    receipts = kiosk.printer.sim.receipts()
    assert len(receipts) == 1 and archived_pdfs(tmp_path) == []
    text = "\n".join(receipt_texts(receipts[0]))
    total = _sum(seeded_bureau.engine, store.si_contributions.c.personal_cents, number)
    for expected in ("社会保险费缴费汇总清单", "张三", "基本养老保险", f"{RECORD_YEAR}-01 至 {RECORD_YEAR}-12",
                     yuan(total), issued[0]["serial"]):
        assert expected in text, expected
    [printed] = receipt_qr(receipts[0])  # the bureau's verification page carrying the payload it signed and stored
    assert printed.startswith("http") and doclink.payload_of(printed) == issued[0]["qr"]
    assert f"验证码：{doclink.code_of(printed)}" in text and f"查验网址：{doclink.site_of(printed)}" in text


def test_a_voucher_is_reprinted_for_an_earlier_payment_each_time_asked(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    number = CARDS[CardType.RESIDENT]["id_number"]
    order_id = seeded_bureau.paid_order(number, [
        {"kind": "fee", "description": "证明工本费", "amount_cents": 36000},
        {"kind": "fee", "description": "资料复印费", "amount_cents": 1250}])
    for visit in (1, 2):
        kiosk.start_session()
        tap(w.home.tiles["voucher_reprint"])
        kiosk.id_reader.simulator.place(CardType.RESIDENT)
        show_face(qtbot, kiosk)
        wait_for_step(qtbot, kiosk, "请选择要打印凭证的缴款")
        choose_and_confirm(qtbot, kiosk, "￥372.50")
        wait_printed(qtbot, kiosk)
        assert len(archived_pdfs(tmp_path)) == visit
        tap(w.step.next_button)
        kiosk.id_reader.simulator.lift()
        kiosk.session.end("completed")
    vouchers = seeded_bureau.documents("payment_voucher")
    assert len(vouchers) == 1  # the same voucher, reprinted: the bureau issued it once
    pdfs = archived_pdfs(tmp_path)
    assert len(pdfs) == 2 and all(p.name.startswith(vouchers[0]["serial"]) for p in pdfs)
    for pdf in pdfs:
        text = pdf_text(pdf)
        for expected in ("中华人民共和国税收缴款凭证", "张三", number, "其他费用", "证明工本费", "资料复印费",
                         order_id, "￥372.50", "叁佰柒拾贰元伍角整"):
            assert expected in text, expected


def test_paper_out_mid_document_says_so_and_prints_it_whole_once_more(  # type: ignore[no-untyped-def]
        qtbot, roll_only_kiosk, seeded_bureau: SeededBureau) -> None:
    kiosk = roll_only_kiosk
    sim, w = kiosk.printer.sim, kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["iit_certificate"])
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    sim.paper_out_after(5)
    show_face(qtbot, kiosk)
    wait_for_step(qtbot, kiosk, YEAR)
    choose_and_confirm(qtbot, kiosk, f"{RECORD_YEAR}年")
    qtbot.waitUntil(lambda: w.step.banner.text() == "打印中途缺纸，工作人员装纸后可以重新打印。", timeout=30000)
    assert w.step.next_button.text() == "再试一次" and not w.step.back_button.isVisible()
    sim.load_paper()
    tap(w.step.next_button)
    wait_printed(qtbot, kiosk)
    serial = seeded_bureau.documents("iit_certificate")[0]["serial"]
    whole = [r for r in sim.receipts() if any(serial in t for t in receipt_texts(r)) and receipt_qr(r)]
    assert len(whole) == 1  # cut short once, then printed whole once: never a third time
    assert len(seeded_bureau.documents("iit_certificate")) == 1  # the retry did not ask for a new one
    tap(w.step.next_button)
    wait_for_step(qtbot, kiosk, RATE)


@pytest.mark.parametrize(("card", "id_type"), [
    (CardType.RESIDENT, "居民身份证"), (CardType.HMT_PERMIT, "港澳台居民居住证"),
    (CardType.FOREIGN_PR_2023, "外国人永久居留身份证"),
])
def test_each_card_type_on_the_reader_gets_its_record_list(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path, card: CardType, id_type: str) -> None:
    kiosk = service_kiosk
    kiosk.start_session()
    tap(kiosk.window.home.tiles["tax_record_list"])
    kiosk.id_reader.simulator.place(card)
    _face_year_print(qtbot, kiosk)
    assert kiosk.engine.context["card_type"] == card.value
    text = pdf_text(archived_pdfs(tmp_path)[0])
    assert id_type in text and CARDS[card]["id_number"] in text and CARDS[card]["name"].strip() in text
