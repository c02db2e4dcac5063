"""What a taxpayer owes, from the bureau's records and published rates: the one place that says
whether a payment item is due and for how much.

A payment item names what it pays in `ref`: an arrears id, a vehicle's plate, a social-insurance
`insurance:year:level:insured ID number`, a filing id, an invoice quote id. An order is only
created for items that are due at exactly the bureau's amount, and checked again when the payer
confirms, so two orders for the same debt cannot both take money.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bureau import rates, store
from bureau.errors import ApiError
from taxcore import idnumber
from taxcore.masking import mask_id

DUE_KINDS = ("arrears", "vehicle_tax", "si", "fixed_quota", "invoice_tax")


def this_year() -> int:
    return time.localtime().tm_year


def taxpayer(conn: Connection, number: str) -> dict[str, Any] | None:
    row = conn.execute(store.taxpayers.select().where(store.taxpayers.c.id_number == number)).mappings().first()
    return dict(row) if row is not None else None


def valid_number(number: str) -> str:
    """The ID number in its stored form (upper-case X), or a 422 when its check digit is wrong."""
    number = number.upper()
    if not idnumber.is_valid(number):
        raise ApiError(422, "invalid_id_number", "the ID number fails its GB 11643 check")
    return number


def registered(conn: Connection, number: str) -> dict[str, Any]:
    """The taxpayer with this (valid) ID number, or a 404."""
    person = taxpayer(conn, number)
    if person is None:
        raise ApiError(404, "taxpayer_not_found", "no taxpayer with this ID number")
    return person


def records_of(engine: Engine, id_number: str, table: sa.Table, *where: Any,
               order_by: tuple[Any, ...]) -> tuple[str, list[Any]]:
    """A registered taxpayer's rows of `table` (a 422 for a bad number, a 404 for one not on file),
    with the number in its stored form."""
    number = valid_number(id_number)
    with engine.connect() as conn:
        registered(conn, number)
        rows = conn.execute(table.select().where(table.c.id_number == number, *where).order_by(*order_by)).all()
    return number, list(rows)


def vehicle_due(row: Any) -> dict[str, Any]:
    """A vehicle with the annual tax its class and displacement carry, and the years unpaid."""
    yuan = rates.vehicle_tax_yuan(row.category, row.displacement_l)
    annual = yuan * 100 if yuan is not None else int(row.annual_tax_cents)
    years = list(range(row.paid_through_year + 1, this_year() + 1))
    return {
        "plate": row.plate,
        "vin": row.vin,
        "category": row.category,
        "displacement_l": row.displacement_l,
        "owner_id_number_masked": mask_id(row.id_number),
        "annual_tax_cents": annual,
        "rates_version": rates.VERSION,
        "paid_through_year": row.paid_through_year,
        "years_due": years,
        "amount_due_cents": annual * len(years),
    }


def si_ref(insurance: str, year: int, level: int, insured: str) -> str:
    return f"{insurance}:{year}:{level}:{insured}"


def si_due(conn: Connection, insured: str, insurance: str, year: int) -> dict[str, Any]:
    """What each level of one insurance costs `insured` for a year, and whether it is paid already."""
    levels = rates.si_levels(insurance, year)
    if not levels:
        raise ApiError(404, "no_published_rates", f"no published {insurance} figures for {year}")
    s = store.si_payments
    paid = conn.execute(
        sa.select(s.c.order_id, s.c.level).where(s.c.id_number == insured, s.c.insurance == insurance, s.c.year == year)
    ).first()
    return {
        "id_number_masked": mask_id(insured),
        "insurance": insurance,
        "year": year,
        "paid": paid is not None,
        "paid_level": paid.level if paid is not None else None,
        "paid_order_id": paid.order_id if paid is not None else None,
        "levels": [_si_level(lv, insurance, year, insured, paid is None) for lv in levels],
    }


def _si_level(level: dict[str, Any], insurance: str, year: int, insured: str, payable: bool) -> dict[str, Any]:
    ref = si_ref(insurance, year, level["level"], insured)
    item = {
        "kind": "si",
        "description": f"{rates.SI_NAMES[insurance]} {year} 第{level['level']}档 {mask_id(insured)}",
        "amount_cents": level["amount_cents"],
        "ref": ref,
    }
    return {**level, "ref": ref, "pay_item": item if payable else None}


def filing_paid(conn: Connection, filing: Any) -> bool:
    if filing.order_id is None:
        return False
    status = conn.execute(sa.select(store.orders.c.status).where(store.orders.c.order_id == filing.order_id)).scalar()
    return bool(status == "paid")


def _not_payable(item: dict[str, Any], why: str) -> ApiError:
    return ApiError(422, "item_not_payable", f"{item['kind']} {item.get('ref')!r}: {why}")


def check_items(conn: Connection, payer: str, items: list[dict[str, Any]]) -> None:
    """Refuse (422 item_not_payable) an item of a due kind that is not due at exactly its amount."""
    claimed: Counter[tuple[str, str]] = Counter()
    for item in items:
        kind, ref = item["kind"], item.get("ref")
        if kind not in DUE_KINDS:
            continue
        if not ref:
            raise _not_payable(item, "names no record (ref)")
        claimed[(kind, ref)] += 1
        due = _amount_due(conn, payer, kind, ref, claimed[(kind, ref)])
        if due is None:
            raise _not_payable(item, "nothing of this is due from this payer")
        if due != item["amount_cents"]:
            raise _not_payable(item, f"the amount due is {due} cents")


def _amount_due(conn: Connection, payer: str, kind: str, ref: str, nth: int) -> int | None:
    """The amount the `nth` item naming `ref` in one order pays, or None when it is not due."""
    if kind == "vehicle_tax":
        v = store.vehicles
        row = conn.execute(v.select().where(v.c.plate == ref, v.c.id_number == payer)).first()
        if row is None:
            return None
        due = vehicle_due(row)
        return int(due["annual_tax_cents"]) if nth <= len(due["years_due"]) else None
    if nth > 1:
        return None
    if kind == "arrears":
        a = store.arrears
        if not ref.isdigit() or len(ref) > 9:
            return None
        row = conn.execute(
            a.select().where(a.c.id == int(ref), a.c.id_number == payer, a.c.paid_order_id.is_(None))
        ).first()
        return None if row is None else int(row.amount_cents + row.late_fee_cents)
    if kind == "si":
        parts = ref.split(":")
        if len(parts) != 4 or not (parts[1].isdigit() and parts[2].isdigit()) or len(parts[1]) != 4:
            return None
        insurance, year, level, insured = parts[0], int(parts[1]), int(parts[2]), parts[3]
        if taxpayer(conn, insured) is None or insurance not in rates.SI_INSURANCES:
            return None
        try:
            due = si_due(conn, insured, insurance, year)
        except ApiError:
            return None
        chosen = [lv for lv in due["levels"] if lv["level"] == level]
        return None if due["paid"] or not chosen else int(chosen[0]["amount_cents"])
    if kind == "fixed_quota":
        f = store.filings
        row = conn.execute(f.select().where(f.c.filing_id == ref, f.c.id_number == payer)).first()
        return None if row is None or filing_paid(conn, row) else int(row.tax_cents)
    if kind == "invoice_tax":
        q = store.invoice_quotes
        row = conn.execute(
            q.select().where(q.c.quote_id == ref, q.c.seller_id_number == payer, q.c.order_id.is_(None))
        ).first()
        return None if row is None or row.tax_cents == 0 else int(row.tax_cents)
    return None


def settle(conn: Connection, order_id: str, payer: str, items: list[dict[str, Any]]) -> None:
    """Apply a paid order to what its items name: arrears cleared, vehicle tax a year on, social
    insurance recorded, a filing or an invoice's taxes marked paid by this order. Every update
    is conditional on the record still being due, so a concurrent payment of the same debt
    makes this one fail (409) rather than take the money twice."""
    for item in items:
        kind, ref = item["kind"], item.get("ref")
        if kind not in DUE_KINDS or not ref:
            continue
        if kind == "arrears":
            a = store.arrears
            done = conn.execute(
                a.update()
                .where(a.c.id == int(ref), a.c.id_number == payer, a.c.paid_order_id.is_(None))
                .values(paid_order_id=order_id)
            ).rowcount
        elif kind == "vehicle_tax":
            v = store.vehicles
            done = conn.execute(
                v.update()
                .where(v.c.plate == ref, v.c.id_number == payer, v.c.paid_through_year < this_year())
                .values(paid_through_year=v.c.paid_through_year + 1)
            ).rowcount
        elif kind == "si":
            insurance, year, level, insured = ref.split(":")
            try:
                with conn.begin_nested():
                    conn.execute(
                        store.si_payments.insert().values(
                            id_number=insured,
                            insurance=insurance,
                            year=int(year),
                            level=int(level),
                            amount_cents=item["amount_cents"],
                            order_id=order_id,
                        )
                    )
                done = 1
            except IntegrityError:
                done = 0
            else:
                conn.execute(store.si_contributions.insert(), _monthly(insured, insurance, int(year), int(level)))
        elif kind == "fixed_quota":
            f, o = store.filings, store.orders
            paid_elsewhere = sa.exists().where(
                o.c.order_id == f.c.order_id, o.c.status == "paid", o.c.order_id != order_id
            )
            done = conn.execute(
                f.update().where(f.c.filing_id == ref, ~paid_elsewhere).values(order_id=order_id)
            ).rowcount
        else:  # invoice_tax
            q = store.invoice_quotes
            done = conn.execute(
                q.update().where(q.c.quote_id == ref, q.c.order_id.is_(None)).values(order_id=order_id)
            ).rowcount
        if not done:
            raise ApiError(409, "no_longer_due", f"{kind} {ref!r} was paid by another order")


def _monthly(insured: str, insurance: str, year: int, level: int) -> list[dict[str, Any]]:
    """A year's payment as twelve monthly contribution records (the remainder in December), so
    lists and summaries show it like an employer's."""
    paid = next(lv for lv in rates.si_levels(insurance, year) if lv["level"] == level)
    share, rest = divmod(int(paid["amount_cents"]), 12)
    return [
        dict(
            id_number=insured,
            period=f"{year}-{month:02d}",
            insurance=insurance,
            base_cents=paid["base_cents"],
            personal_cents=share + (rest if month == 12 else 0),
            employer_cents=0,
            paid_on=time.strftime("%Y-%m-%d"),  # paid at the terminal today, for the whole year
        )
        for month in range(1, 13)
    ]
