"""The printed forms field by field against the bureau's record, as a tax officer reads them:
原凭证号, 入(退)库日期, 申报日期 and 缴费日期 from the records, Chinese only, and every A4 page
saying whose document it is (number, name, ID number, page x of y)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from check_rig import RESIDENT, invoice, issue
from paying_data import PLATE, owns_car
from service_rig import RECORD_YEAR, SeededBureau

from bureau import dues, store
from kiosk.documents.a4 import write_pdf
from kiosk.documents.model import Holder, Note, Table, Title
from kiosk.services.record_documents import to_form
from taxcore.money import yuan


def _records(bureau: SeededBureau, table: sa.Table, *order: Any) -> list[Any]:
    with bureau.engine.connect() as conn:
        return conn.execute(table.select().where(table.c.id_number == RESIDENT,
                                                 table.c.period.like(f"{RECORD_YEAR}-%")).order_by(*order)).all()


def _form(bureau: SeededBureau, kind: str) -> tuple[dict[str, Any], Any]:
    issued = issue(bureau, "/v1/certificates", {"kind": kind, "id_number": RESIDENT, "year": RECORD_YEAR})
    return issued, to_form(kind, issued, {"id_number": RESIDENT})


def _table(form: Any) -> Table:
    [table] = [b for b in form.blocks() if isinstance(b, Table)]
    return table


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def _official(form: Any, issued: dict[str, Any], name: str) -> None:
    """Chinese only, and whose it is."""
    [title] = [b for b in form.blocks() if isinstance(b, Title)]
    assert title.number == issued["serial"] and title.subtitle == ""
    assert [b for b in form.blocks() if isinstance(b, Holder)] == [Holder(name, RESIDENT)]
    for note in (b.text for b in form.blocks() if isinstance(b, Note)):
        # an order number (PO…, letters and digits) is no word: drop such codes first
        words = re.sub(r"(?<![A-Za-z0-9])[A-Z0-9]*\d[A-Z0-9]*(?![A-Za-z0-9])", "", note)
        assert not re.search(r"[A-Za-z]{4,}", words), note  # an English word


def test_income_tax_certificate_rows_carry_voucher_number_and_treasury_date(
        qapp, tmp_path: Path, seeded_bureau: SeededBureau) -> None:  # type: ignore[no-untyped-def]
    issued, form = _form(seeded_bureau, "iit_certificate")
    records = _records(seeded_bureau, store.iit_records, store.iit_records.c.period)
    table = _table(form)
    assert table.headers[0] == "原凭证号" and table.headers[4] == "入(退)库日期"
    assert len(table.rows) == len(records) == 12
    for row, r in zip(table.rows, records, strict=True):
        assert row[0] == r.voucher_no and len(r.voucher_no) == 18 and r.voucher_no.isdigit()
        assert row[1] == "个人所得税" and row[2] == r.income_item
        assert row[3].startswith(f"{r.period}-01 至 {r.period}-")
        assert row[4] == r.paid_on and r.paid_on > f"{r.period}-31"  # withheld in the month, paid in after it
        assert row[5] == yuan(r.tax_cents)
    _official(form, issued, issued["body"]["taxpayer_name"])
    write_pdf(form, tmp_path / "c.pdf")
    text = "".join(_pages(tmp_path / "c.pdf"))
    assert all(r.voucher_no in text and r.paid_on in text for r in records)


def test_tax_record_list_rows_carry_declaration_and_treasury_dates(seeded_bureau: SeededBureau) -> None:
    issued, form = _form(seeded_bureau, "tax_record_list")
    records = _records(seeded_bureau, store.iit_records, store.iit_records.c.period)
    table = _table(form)
    assert table.headers == ["申报日期", "所得项目", "税款所属期", "入库日期", "扣缴义务人", "实缴(退)金额"]
    assert table.rows == [[r.declared_on, r.income_item, r.period, r.paid_on, r.withholding_agent, yuan(r.tax_cents)]
                          for r in records]
    assert all(r.declared_on and r.paid_on >= r.declared_on for r in records)
    _official(form, issued, issued["body"]["taxpayer_name"])


def test_social_insurance_list_has_payment_dates_and_every_page_says_whose_it_is(
        qapp, tmp_path: Path, seeded_bureau: SeededBureau) -> None:  # type: ignore[no-untyped-def]
    issued, form = _form(seeded_bureau, "si_payment_list")
    s = store.si_contributions
    records = _records(seeded_bureau, s, s.c.id)
    table = _table(form)
    assert table.headers == ["费款所属期", "险种", "缴费基数", "单位缴费", "个人缴费", "缴费日期"]
    names = {"pension": "基本养老保险", "medical": "基本医疗保险", "unemployment": "失业保险"}
    assert sorted(map(tuple, table.rows)) == sorted(
        (r.period, names[r.insurance], yuan(r.base_cents), yuan(r.employer_cents), yuan(r.personal_cents), r.paid_on)
        for r in records)
    assert any(r.employer_cents for r in records)  # an employee's: the employer's share is on the paper too
    assert all(r.paid_on.startswith(r.period) for r in records)  # paid in the month it is for
    name = issued["body"]["taxpayer_name"]
    _official(form, issued, name)
    count = write_pdf(form, tmp_path / "si.pdf")
    pages = _pages(tmp_path / "si.pdf")
    assert count == len(pages) >= 2  # 36 monthly rows: a second page, which must still say whose it is
    for n, page in enumerate(pages, start=1):
        assert f"No. {issued['serial']} · {name} {RESIDENT} · 第 {n} 页 / 共 {count} 页" in page, page[-300:]


@pytest.mark.parametrize("kind", ["iit_certificate", "si_summary"])
def test_no_english_on_official_forms(seeded_bureau: SeededBureau, kind: str) -> None:
    issued, form = _form(seeded_bureau, kind)
    _official(form, issued, issued["body"]["taxpayer_name"])


def test_payment_voucher_names_each_tax_its_item_and_the_period_it_is_for(seeded_bureau: SeededBureau) -> None:
    """Arrears are the tax and its 滞纳金 for the month owed, vehicle tax one line per year paid,
    an invoice's taxes the VAT and each surcharge: never the payment date as the tax period."""
    bureau = seeded_bureau
    bureau.owes(RESIDENT, [("房产税", "2025-06", 24520, 1230)])
    with bureau.engine.connect() as conn:
        arrears_id = conn.execute(sa.select(store.arrears.c.id).where(store.arrears.c.id_number == RESIDENT,
                                                                      store.arrears.c.tax_kind == "房产税")).scalar()
    year = dues.this_year()
    car = owns_car(bureau, year - 2)
    items = [{"kind": "arrears", "description": "房产税 2025-06", "amount_cents": 25750, "ref": str(arrears_id)}]
    items += [{"kind": "vehicle_tax", "description": "车船税", "amount_cents": car["annual_tax_cents"],
               "ref": PLATE}] * 2
    order_id = bureau.paid_order(RESIDENT, items)
    voucher = _voucher(bureau, order_id)
    form = to_form("payment_voucher", voucher, {"id_number": RESIDENT})
    table = _table(form)
    assert table.headers == ["原凭证号", "税种", "品目名称", "税款所属时期", "实缴金额"]
    car_tax = yuan(car["annual_tax_cents"])
    assert table.rows == [
        ["", "房产税", "房产税", "2025-06-01 至 2025-06-30", yuan(24520)],
        ["", "房产税", "滞纳金", "2025-06-01 至 2025-06-30", yuan(1230)],
        ["", "车船税", f"乘用车 1.8L {PLATE}", f"{year - 1}-01-01 至 {year - 1}-12-31", car_tax],
        ["", "车船税", f"乘用车 1.8L {PLATE}", f"{year}-01-01 至 {year}-12-31", car_tax],
    ]
    _official(form, voucher, voucher["body"]["taxpayer_name"])


def test_an_invoices_tax_voucher_lists_vat_and_each_surcharge(seeded_bureau: SeededBureau) -> None:
    bill = invoice(seeded_bureau, cents=100_000)
    [row] = [d for d in seeded_bureau.documents("payment_voucher")
             if d["body"]["items"][0]["kind"] == "invoice_tax"]
    form = to_form("payment_voucher", row, {"id_number": RESIDENT})
    taxes = bill["body"]["taxes"]
    quote = _quote_of(seeded_bureau, bill["serial"])  # the 代开 request the taxes were paid for
    assert [r[1] for r in _table(form).rows] == ["增值税", "城市维护建设税", "教育费附加", "地方教育附加"]
    assert [r[4] for r in _table(form).rows] == [yuan(taxes[k]) for k in
                                                  ("vat", "urban_construction", "education", "local_education")]
    assert all(r[0] == quote and r[3].endswith(("-28", "-29", "-30", "-31")) for r in _table(form).rows)


def _voucher(bureau: SeededBureau, order_id: str) -> dict[str, Any]:
    reply = bureau.client().get_json(f"/v1/payments/orders/{order_id}/voucher", 5.0)
    assert reply.status == 200, reply.body
    return dict(reply.body)


def _quote_of(bureau: SeededBureau, invoice_serial: str) -> str:
    q = store.invoice_quotes
    with bureau.engine.connect() as conn:
        return str(conn.execute(sa.select(q.c.quote_id).where(q.c.invoice_serial == invoice_serial)).scalar_one())
