"""The lines of a payment voucher (电子缴款凭证) from the bureau's own records: the real 税种 and
品目 and the 税款所属时期 each paid item is for, never the order's free text or the payment date.

One order item may become several lines, as on the paper: arrears are the tax and its 滞纳金,
vehicle tax one line per year, an invoice's taxes the VAT and each surcharge. Called after the
order is settled, in the same transaction, so what was just paid is what is described.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bureau import rates, store
from taxcore.masking import mask_id

INVOICE_TAXES = {  # small_invoice_taxes_cents' keys: (税种, 品目名称)
    "vat": ("增值税", "代开发票（小规模纳税人1%）"),
    "urban_construction": ("城市维护建设税", "市区（增值税附征）"),
    "education": ("教育费附加", "增值税教育费附加"),
    "local_education": ("地方教育附加", "增值税地方教育附加"),
}
VEHICLES = {"passenger_car": "乘用车", "motorcycle": "摩托车"}


def _month(period: str) -> str:
    """2025-06 → 2025-06-01 至 2025-06-30."""
    year, month = (int(p) for p in period.split("-"))
    return f"{period}-01 至 {period}-{calendar.monthrange(year, month)[1]:02d}"


def _year(year: int) -> str:
    return f"{year}-01-01 至 {year}-12-31"


def _line(tax: str, item: str, period: str, cents: int, voucher_no: str = "") -> dict[str, Any]:
    return {"tax": tax, "item": item, "period": period, "amount_cents": int(cents), "voucher_no": voucher_no}


def voucher_lines(conn: Connection, items: list[dict[str, Any]], paid_at: float) -> list[dict[str, Any]]:
    """The voucher's lines for a settled order's `items`; an item of no known kind keeps its own words."""
    lines: list[dict[str, Any]] = []
    per_plate = Counter(str(i.get("ref")) for i in items if i["kind"] == "vehicle_tax")
    seen_plate: Counter[str] = Counter()
    for item in items:
        kind, ref, cents = item["kind"], str(item.get("ref") or ""), int(item["amount_cents"])
        described = None
        if kind == "arrears" and ref.isdigit():
            described = _arrears(conn, int(ref))
        elif kind == "vehicle_tax":
            seen_plate[ref] += 1
            described = _vehicle(conn, ref, per_plate[ref] - seen_plate[ref], cents)
        elif kind == "si":
            described = _insurance(ref, cents)
        elif kind == "fixed_quota":
            described = _fixed_quota(conn, ref, cents)
        elif kind == "invoice_tax":
            described = _invoice_taxes(conn, ref, paid_at)
        if described is None or sum(line["amount_cents"] for line in described) != cents:
            described = [_line("", str(item.get("description", "")), "", cents)]  # the order's words, as before
        lines += described
    return lines


def _arrears(conn: Connection, row_id: int) -> list[dict[str, Any]] | None:
    a = store.arrears
    row = conn.execute(a.select().where(a.c.id == row_id)).first()
    if row is None:
        return None
    lines = [_line(row.tax_kind, row.tax_kind, _month(row.period), row.amount_cents)]
    if row.late_fee_cents:
        lines.append(_line(row.tax_kind, "滞纳金", _month(row.period), row.late_fee_cents))
    return lines


def _vehicle(conn: Connection, plate: str, years_after: int, cents: int) -> list[dict[str, Any]] | None:
    """The `years_after`-th year before the one now paid through (this order paid them in order)."""
    v = store.vehicles
    row = conn.execute(v.select().where(v.c.plate == plate)).first()
    if row is None:
        return None
    year = int(row.paid_through_year) - years_after
    what = f"{VEHICLES.get(row.category, '车辆')} {row.displacement_l:g}L {plate}"
    return [_line("车船税", what, _year(year), cents)]


def _insurance(ref: str, cents: int) -> list[dict[str, Any]] | None:
    parts = ref.split(":")
    if len(parts) != 4 or not parts[1].isdigit() or parts[0] not in rates.SI_NAMES:
        return None
    insurance, year, level, insured = parts[0], int(parts[1]), parts[2], parts[3]
    whose = f"{year}年度 第{level}档 参保人 {mask_id(insured)}"  # paid for a family member: whose it is
    return [_line(rates.SI_NAMES[insurance], whose, _year(year), cents)]


def _fixed_quota(conn: Connection, filing_id: str, cents: int) -> list[dict[str, Any]] | None:
    f = store.filings
    row = conn.execute(sa.select(f.c.period).where(f.c.filing_id == filing_id)).first()
    if row is None:
        return None
    return [_line("增值税", "定期定额（小规模纳税人1%）", _month(row.period), cents, voucher_no=filing_id)]


def _invoice_taxes(conn: Connection, quote_id: str, paid_at: float) -> list[dict[str, Any]] | None:
    q = store.invoice_quotes
    row = conn.execute(q.select().where(q.c.quote_id == quote_id)).first()
    if row is None:
        return None
    month = datetime.datetime.fromtimestamp(paid_at).strftime("%Y-%m")
    return [_line(*INVOICE_TAXES.get(name, (name, name)), _month(month), cents, voucher_no=quote_id)
            for name, cents in dict(row.taxes).items() if cents]
