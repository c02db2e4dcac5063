"""Fixed-quota households (双定户): the quota for a period, and the monthly filing that creates
the payment order for the tax it comes to.

The tax is the business's quota tax, or 1 % of declared sales above the sales quota. A filing is
keyed by the terminal's filing id, scoped to that terminal (`bureau.idempotency`: a resend is a
duplicate with the same order), has an id of the bureau's own, and there is one per business
and period. A period filed and not yet paid shows its pay item on the quota answer, so any
terminal can take the payment without filing again. When tax is due the filing opens its payment order itself, under an
order key derived from the filing id, so a resend after a lost answer finds the same order; a
resend after that order was cancelled or expired opens a new one.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bureau import dues, idempotency, payments, store
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, ApiError, refusals
from bureau.sessions import NEEDS_SESSION, Taxpayer
from taxcore.masking import mask_id

router = APIRouter(prefix="/v1/filings", tags=["filings"], responses=SIGNED)
PERIOD = r"^\d{4}-(0[1-9]|1[0-2])$"


class FilingIn(BaseModel):
    filing_id: str = Field(min_length=1, max_length=64)
    hall_id: str = Field(min_length=1, max_length=32)
    id_number: str = Field(max_length=18)
    period: str = Field(pattern=PERIOD)
    sales_cents: int = Field(ge=0, le=10**12)


class FilingOut(BaseModel):
    kind: str = "filing"
    key: str = Field(description="the filing id")
    duplicate: bool
    data: dict[str, Any]
    order: payments.OrderOut | None = Field(description="the payment order for the tax; none when nothing is due")
    pay_item: payments.OrderItem | None = Field(
        default=None, description="the order item that pays the tax (a terminal may pay it in its own order)")


class QuotaOut(BaseModel):
    id_number_masked: str
    business: str
    industry: str
    period: str
    monthly_sales_quota_cents: int
    monthly_tax_cents: int
    rule: str
    filing: dict[str, Any] | None = Field(
        description="this period's filing, if filed: id, tax, order, paid, and the pay_item while its tax is unpaid")


def _business(engine: Db, number: str) -> Any:
    number = dues.valid_number(number)
    b = store.businesses
    with engine.connect() as conn:
        biz = conn.execute(b.select().where(b.c.id_number == number).order_by(b.c.id)).first()
    if biz is None:
        raise ApiError(404, "business_not_found", "no fixed-quota business for this ID number")
    return biz


def tax_for(biz: Any, sales_cents: int) -> int:
    if sales_cents > biz.monthly_sales_quota_cents:
        return max(int(biz.monthly_tax_cents), sales_cents // 100)
    return int(biz.monthly_tax_cents)


@router.get("/quota", response_model=QuotaOut, responses={**refusals(404), **NEEDS_SESSION})
def quota(
    terminal: Terminal,
    engine: Db,
    taxpayer: Taxpayer,
    id_number: Annotated[str, Query(max_length=18)],
    period: Annotated[str, Query(pattern=PERIOD)],
) -> QuotaOut:
    """The quota a business files against for `period` and whether that period is filed and paid."""
    biz = _business(engine, taxpayer.require(id_number))
    f = store.filings
    with engine.connect() as conn:
        row = conn.execute(f.select().where(f.c.id_number == biz.id_number, f.c.period == period)).first()
        filing = None
        if row is not None:
            filing = {
                "filing_id": row.filing_id,
                "sales_cents": row.sales_cents,
                "tax_cents": row.tax_cents,
                "order_id": row.order_id,
                "paid": dues.filing_paid(conn, row),
            }
            filing["pay_item"] = _item(row) if row.tax_cents > 0 and not filing["paid"] else None
    return QuotaOut(
        id_number_masked=mask_id(biz.id_number),
        business=biz.name,
        industry=biz.industry,
        period=period,
        monthly_sales_quota_cents=biz.monthly_sales_quota_cents,
        monthly_tax_cents=biz.monthly_tax_cents,
        rule="the quota tax; declared sales above the sales quota pay 1 % of sales if that is more",
        filing=filing,
    )


@router.post("", response_model=FilingOut, responses={**refusals(404, 409), **NEEDS_SESSION})
def file(req: FilingIn, request: Request, terminal: Terminal, engine: Db, taxpayer: Taxpayer) -> FilingOut:
    """File a month; when tax is due the answer carries its payment order (pay it as any order).

    `filing_id` is this terminal's key for the filing: sent again with the same body it is the
    same filing (`duplicate`), with another body a 409 `key_conflict`; a second filing of the
    business for the period is a 409 `already_filed`."""
    biz = _business(engine, taxpayer.require(req.id_number))
    f = store.filings

    def load(conn: Connection, filing_id: str) -> Any:
        return conn.execute(f.select().where(f.c.filing_id == filing_id)).one()

    row, duplicate = idempotency.once(engine, terminal, "filing", req.filing_id, _normal(req),
                                      lambda conn: _create(conn, terminal, req, biz), load)
    order = None
    if row.tax_cents > 0:
        order = _order_for(engine, row, request)
    item = payments.OrderItem(**_item(row)) if order is not None and order.status == "pending" else None
    data = {
        "filing_id": row.filing_id,
        "hall_id": row.hall_id,
        "id_number": row.id_number,
        "period": row.period,
        "sales_cents": row.sales_cents,
        "business": biz.name,
        "tax_cents": row.tax_cents,
    }
    return FilingOut(key=req.filing_id, duplicate=duplicate, data=data, order=order, pay_item=item)


def _normal(req: FilingIn) -> dict[str, Any]:
    """The filing as compared for its key: a direct and a queued send of one filing are equal."""
    return {**req.model_dump(), "id_number": req.id_number.upper()}


def _create(conn: Connection, terminal: str, req: FilingIn, biz: Any) -> str:
    """A new filing (the bureau's own id), or a 409 when the business has filed this period."""
    f = store.filings
    if conn.execute(f.select().where(f.c.id_number == biz.id_number, f.c.period == req.period)).first():
        raise ApiError(409, "already_filed", f"{req.period} is already filed for this business")
    filing_id = "FL" + secrets.token_hex(10).upper()
    conn.execute(f.insert().values(
        filing_id=filing_id, terminal_id=terminal, hall_id=req.hall_id, id_number=biz.id_number,
        period=req.period, sales_cents=req.sales_cents, tax_cents=tax_for(biz, req.sales_cents),
        filed_at=time.time()))
    return filing_id


def _item(filing: Any) -> dict[str, Any]:
    return {
        "kind": "fixed_quota",
        "description": f"双定户定额税 {filing.period}",
        "amount_cents": filing.tax_cents,
        "ref": filing.filing_id,
    }


def file_queued(conn: Connection, terminal: str, payload: dict[str, Any]) -> str | None:
    """A filing that reached the bureau through a terminal's outbox (filed offline): stored like
    a direct one, once per terminal and filing id; returns why it is refused, or None. A tax it
    comes to is paid like any filing's (its pay item is on the quota answer)."""
    try:
        req = FilingIn.model_validate(payload)
    except ValueError:
        return "invalid filing"
    b = store.businesses
    biz = conn.execute(b.select().where(b.c.id_number == req.id_number.upper()).order_by(b.c.id)).first()
    if biz is None:
        return "business_not_found"
    try:
        with conn.begin_nested():
            idempotency.once_in(conn, terminal, "filing", req.filing_id, _normal(req),
                                lambda c: _create(c, terminal, req, biz))
    except ApiError as exc:
        return exc.code
    except IntegrityError:
        return "already_filed"
    return None


def _order_for(engine: Db, filing: Any, request: Request) -> payments.OrderOut:
    """The filing's payment order, opened on first need and again after a cancelled or expired
    one; idempotent on an order key derived from the filing and the order it replaces."""
    o = store.orders
    seed = filing.filing_id
    if filing.order_id is not None:
        with engine.connect() as conn:
            linked = conn.execute(o.select().where(o.c.order_id == filing.order_id)).one()
        if payments.status_of(linked) in ("pending", "paid"):
            return payments.out(linked, request)
        seed += "/" + linked.order_id
    key = "filing:" + hashlib.sha256(seed.encode()).hexdigest()[:40]
    row = payments.open_order(engine, filing.terminal_id, key, filing.id_number, [_item(filing)])
    f = store.filings
    with engine.begin() as conn:
        conn.execute(
            f.update()
            .where(f.c.filing_id == filing.filing_id, _same_link(f.c.order_id, filing.order_id))
            .values(order_id=row.order_id)
        )
    return payments.out(row, request)


def _same_link(column: Any, order_id: str | None) -> Any:
    return column.is_(None) if order_id is None else column == order_id
