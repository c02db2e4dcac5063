"""纳税清单 by keypad, 社保费缴费清单 by tax-app code, 汇总清单 on the receipt roll, 缴款凭证 reprinted twice.

Each is tapped through from the home screen on simulated devices against the seeded bureau;
what came out (archive PDF text or the roll's ESC/POS parsed back) and what the bureau
recorded are then compared with the bureau's own records.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from service_rig import (
    RECORD_YEAR,
    SeededBureau,
    archived_pdfs,
    build_kiosk,
    pdf_text,
    receipt_qr,
    receipt_texts,
    service_config,
    shown_texts,
    step_title,
    tap,
    tap_choice,
    type_on_keypad,
    wait_for_step,
)

from bureau import store
from drivers.camera.sim import drawn_face
from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from kiosk.documents.money import yuan
from kiosk.link import LinkState

FACE = "请正对摄像头，核验身份"
YEAR = "请选择所属年度"
CHECK = "请核对打印内容"
TAKE = "请取走您的文件"


def _method(kiosk, method: str) -> None:  # type: ignore[no-untyped-def]
    tap(next(b for b in kiosk.window.step.method_group.buttons() if b.property("method") == method))


def _face_year_print(qtbot, kiosk, year: int = RECORD_YEAR) -> None:  # type: ignore[no-untyped-def]
    w = kiosk.window
    wait_for_step(qtbot, kiosk, FACE)
    kiosk.camera.simulator.present(drawn_face())
    tap(w.step.next_button)
    wait_for_step(qtbot, kiosk, YEAR)
    tap_choice(kiosk, f"{year}年")
    tap(w.step.next_button)
    wait_for_step(qtbot, kiosk, CHECK)
    tap(w.step.next_button)
    qtbot.waitUntil(lambda: step_title(kiosk) == TAKE and kiosk.engine.context.get("printed") is not None
                    and not kiosk.engine.busy_now, timeout=20000)


def _sum(engine: sa.Engine, column: sa.Column, number: str) -> Decimal:  # type: ignore[type-arg]
    with engine.connect() as conn:
        cents = conn.execute(sa.select(sa.func.sum(column)).where(column.table.c.id_number == number)).scalar_one()
    return Decimal(cents) / 100


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
        qtbot, tmp_path: Path, seeded_bureau: SeededBureau) -> None:
    config = service_config(tmp_path, seeded_bureau.url, seeded_bureau.key)
    del config.devices["a4_printer"]
    kiosk = build_kiosk(qtbot, config)
    try:
        qtbot.waitUntil(lambda: kiosk.link.state == LinkState.UP, timeout=10000)
        number = CARDS[CardType.RESIDENT]["id_number"]
        kiosk.start_session()
        tap(kiosk.window.home.tiles["si_summary"])
        kiosk.id_reader.simulator.place(CardType.RESIDENT)
        _face_year_print(qtbot, kiosk)
        assert "请在凭条出口取走文件。" in shown_texts(kiosk)
        issued = seeded_bureau.documents("si_payment_summary")
        assert len(issued) == 1 and issued[0]["id_number"] == number
        receipts = kiosk.printer.sim.receipts()
        assert len(receipts) == 1 and archived_pdfs(tmp_path) == []
        text = "\n".join(receipt_texts(receipts[0]))
        total = _sum(seeded_bureau.engine, store.si_contributions.c.personal_cents, number)
        for expected in ("社会保险费缴费汇总清单", "张三", "基本养老保险", f"{RECORD_YEAR}-01 至 {RECORD_YEAR}-12",
                         yuan(total), issued[0]["serial"]):
            assert expected in text, expected
        assert receipt_qr(receipts[0]) == [issued[0]["qr"]]  # the bureau's signed payload, as issued
    finally:
        kiosk.shutdown()


def test_a_voucher_is_reprinted_for_an_earlier_payment_each_time_asked(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path: Path) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    number = CARDS[CardType.RESIDENT]["id_number"]
    order_id = seeded_bureau.paid_order(number, [
        {"kind": "vehicle_tax", "description": "车船税 粤A12345", "amount_cents": 36000, "ref": "粤A12345"},
        {"kind": "arrears", "description": "印花税 2025-06", "amount_cents": 1250}])
    for visit in (1, 2):
        kiosk.start_session()
        tap(w.home.tiles["voucher_reprint"])
        kiosk.id_reader.simulator.place(CardType.RESIDENT)
        wait_for_step(qtbot, kiosk, FACE)
        kiosk.camera.simulator.present(drawn_face())
        tap(w.step.next_button)
        wait_for_step(qtbot, kiosk, "请选择要打印凭证的缴款")
        tap_choice(kiosk, "￥372.50")
        tap(w.step.next_button)
        wait_for_step(qtbot, kiosk, CHECK)
        tap(w.step.next_button)
        qtbot.waitUntil(lambda v=visit: len(archived_pdfs(tmp_path)) == v and not kiosk.engine.busy_now,
                        timeout=20000)
        tap(w.step.next_button)
        kiosk.id_reader.simulator.lift()
        kiosk.session.end("completed")
    vouchers = seeded_bureau.documents("payment_voucher")
    assert len(vouchers) == 1  # the same voucher, reprinted: the bureau issued it once
    pdfs = archived_pdfs(tmp_path)
    assert len(pdfs) == 2 and all(p.name.startswith(vouchers[0]["serial"]) for p in pdfs)
    for pdf in pdfs:
        text = pdf_text(pdf)
        for expected in ("中华人民共和国税收缴款凭证", "张三", number, "车船税", "车船税 粤A12345", "欠缴税费",
                         order_id, "￥372.50", "叁佰柒拾贰元伍角整"):
            assert expected in text, expected
