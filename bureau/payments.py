"""Payments through a simulated QR channel: order (≤5 items) → pay link → payer confirms → paid.

Creating an order is idempotent on the terminal's order key: the same key and body return the
same order, the same key with a different body is a 409, so a terminal that lost the answer
simply asks again. The payer's confirmation arrives on `/sim/pay/{token}`, unsigned, as a
payment provider's callback would; it settles the records the items name in `ref` (an
arrears id, a vehicle's plate) once. A terminal whose taxpayer gave up cancels the order, which
closes its link: a cancelled order can no longer be paid, and a paid one can no longer be
cancelled (the answer says which happened, so the terminal never guesses).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bureau import docsign, idnumber, store
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, ApiError, refusals

router = APIRouter(tags=["payments"])


class OrderItem(BaseModel):
    kind: str = Field(min_length=1, max_length=32, description="arrears, vehicle_tax, si, fixed_quota, ...")
    description: str = Field(max_length=128)
    amount_cents: int = Field(gt=0, le=100_000_000)
    ref: str | None = Field(default=None, max_length=64)


class OrderIn(BaseModel):
    order_key: str = Field(min_length=1, max_length=64, description="the terminal's idempotency key")
    id_number: str = Field(max_length=18)
    items: list[OrderItem] = Field(min_length=1, max_length=5)


class OrderOut(BaseModel):
    order_id: str
    order_key: str
    status: Literal["pending", "paid", "cancelled"]
    total_cents: int
    pay_url: str
    created_at: float
    paid_at: float | None


def _out(row: Any, request: Request) -> OrderOut:
    return OrderOut(
        order_id=row.order_id,
        order_key=row.order_key,
        status=row.status,
        total_cents=row.total_cents,
        pay_url=str(request.base_url) + f"sim/pay/{row.pay_token}",
        created_at=row.created_at,
        paid_at=row.paid_at,
    )


def _find(engine: Db, *where: Any) -> Any:
    with engine.connect() as conn:
        return conn.execute(store.orders.select().where(*where)).first()


@router.post("/v1/payments/orders", response_model=OrderOut, responses={**SIGNED, **refusals(409)})
def create_order(req: OrderIn, request: Request, terminal: Terminal, engine: Db) -> OrderOut:
    if not idnumber.is_valid(req.id_number):
        raise ApiError(422, "invalid_id_number", "the ID number fails its GB 11643 check")
    digest = hashlib.sha256(docsign.canonical_json(req.model_dump())).hexdigest()
    o = store.orders
    same_key = (o.c.terminal_id == terminal, o.c.order_key == req.order_key)
    row = _find(engine, *same_key)
    if row is None:
        try:
            with engine.begin() as conn:
                conn.execute(
                    o.insert().values(
                        order_id="PO" + secrets.token_hex(8).upper(),
                        terminal_id=terminal,
                        order_key=req.order_key,
                        request_hash=digest,
                        id_number=req.id_number.upper(),
                        items=[i.model_dump() for i in req.items],
                        total_cents=sum(i.amount_cents for i in req.items),
                        status="pending",
                        pay_token=secrets.token_urlsafe(24),
                        created_at=time.time(),
                    )
                )
        except IntegrityError:
            pass  # a concurrent retry with the same key won: fall through to its order
        row = _find(engine, *same_key)
    if row.request_hash != digest:
        raise ApiError(409, "order_key_conflict", "this order key was used for a different order")
    return _out(row, request)


@router.get("/v1/payments/orders/{order_id}", response_model=OrderOut, responses={**SIGNED, **refusals(404)})
def order_status(order_id: str, request: Request, terminal: Terminal, engine: Db) -> OrderOut:
    row = _find(engine, store.orders.c.order_id == order_id, store.orders.c.terminal_id == terminal)
    if row is None:
        raise ApiError(404, "order_not_found", "no such order for this terminal")
    return _out(row, request)


@router.post("/v1/payments/orders/{order_id}/cancel", response_model=OrderOut,
             responses={**SIGNED, **refusals(404, 409)})
def cancel_order(order_id: str, request: Request, terminal: Terminal, engine: Db) -> OrderOut:
    """Close an unpaid order for good; cancelling twice is fine, a paid order is a 409 `order_paid`."""
    o = store.orders
    mine = (o.c.order_id == order_id, o.c.terminal_id == terminal)
    with engine.begin() as conn:
        conn.execute(o.update().where(*mine, o.c.status == "pending").values(status="cancelled"))
    row = _find(engine, *mine)
    if row is None:
        raise ApiError(404, "order_not_found", "no such order for this terminal")
    if row.status == "paid":
        raise ApiError(409, "order_paid", "the order was paid before it could be cancelled")
    return _out(row, request)


def _settle(conn: Connection, order_id: str) -> None:
    """Apply a paid order to the records its items name (`ref`): arrears cleared, vehicle tax a year on."""
    o, a, v = store.orders, store.arrears, store.vehicles
    id_number, items = conn.execute(
        sa.select(o.c.id_number, o.c["items"]).where(o.c.order_id == order_id)
    ).one()
    for item in items:
        ref = item.get("ref")
        if not ref:
            continue
        if item["kind"] == "arrears" and ref.isdigit():
            conn.execute(
                a.update()
                .where(a.c.id == int(ref), a.c.id_number == id_number)
                .values(paid_order_id=order_id)
            )
        elif item["kind"] == "vehicle_tax":
            conn.execute(
                v.update()
                .where(v.c.plate == ref, v.c.id_number == id_number)
                .values(paid_through_year=v.c.paid_through_year + 1)
            )


@router.post("/sim/pay/{token}", responses=refusals(404, 409))
def simulated_payer_confirms(token: str, engine: Db) -> dict[str, Any]:
    """The simulated payment channel: the payer's phone confirms; paying twice changes nothing."""
    o = store.orders
    with engine.begin() as conn:
        row = conn.execute(sa.select(o.c.order_id, o.c.status).where(o.c.pay_token == token)).first()
        if row is None:
            raise ApiError(404, "payment_link_unknown", "this payment link is not valid")
        if row.status == "cancelled":
            raise ApiError(409, "order_cancelled", "the terminal cancelled this order: nothing was charged")
        if row.status == "pending":
            conn.execute(
                o.update().where(o.c.order_id == row.order_id).values(status="paid", paid_at=time.time())
            )
            _settle(conn, row.order_id)
    return {"order_id": row.order_id, "status": "paid"}
