"""Payments through a simulated QR channel: order (≤5 items) → pay link → payer confirms → paid.

Creating an order is idempotent on the terminal's order key: the same key and body return the
same order, the same key with a different body is a 409, so a terminal that lost the answer
simply asks again. The payer's confirmation arrives on `/sim/pay/{token}`, unsigned, as a
payment provider's callback would; it settles the records the items name in `ref` (an
arrears id, a vehicle's plate) once.
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

from bureau import docsign, idnumber, store, taxpayer_api
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
    status: Literal["pending", "paid"]
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


@router.post("/sim/pay/{token}", responses=refusals(404))
def simulated_payer_confirms(token: str, engine: Db) -> dict[str, Any]:
    """The simulated payment channel: the payer's phone confirms; paying twice changes nothing."""
    o = store.orders
    with engine.begin() as conn:
        row = conn.execute(sa.select(o.c.order_id, o.c.status).where(o.c.pay_token == token)).first()
        if row is None:
            raise ApiError(404, "payment_link_unknown", "this payment link is not valid")
        if row.status == "pending":
            conn.execute(
                o.update().where(o.c.order_id == row.order_id).values(status="paid", paid_at=time.time())
            )
            _settle(conn, row.order_id)
    return {"order_id": row.order_id, "status": "paid"}


class PaidOrder(BaseModel):
    order_id: str
    paid_at: float
    total_cents: int
    items: list[OrderItem]


class PaidOrders(BaseModel):
    payments: list[PaidOrder]


@router.get("/v1/payments/paid/{id_number}", response_model=PaidOrders, responses={**SIGNED, **refusals(404)})
def paid_orders(id_number: str, terminal: Terminal, engine: Db) -> PaidOrders:
    """A taxpayer's settled payments at any terminal, newest first: what a voucher can be reprinted for."""
    person = taxpayer_api.taxpayer_row(engine, id_number)
    o = store.orders
    with engine.connect() as conn:
        rows = conn.execute(
            o.select().where(o.c.id_number == person["id_number"], o.c.status == "paid").order_by(o.c.paid_at.desc())
        ).all()
    return PaidOrders(payments=[PaidOrder(order_id=r.order_id, paid_at=r.paid_at, total_cents=r.total_cents,
                                          items=r.items) for r in rows])


class VoucherIn(BaseModel):
    order_id: str = Field(max_length=32)
    id_number: str = Field(max_length=18)


@router.post("/v1/payments/vouchers", response_model=taxpayer_api.DocumentOut,
             responses={**SIGNED, **refusals(404)})
def payment_voucher(req: VoucherIn, terminal: Terminal, engine: Db) -> taxpayer_api.DocumentOut:
    """缴款凭证 of a paid order, signed like a certificate; asking again returns the same voucher."""
    person = taxpayer_api.taxpayer_row(engine, req.id_number)
    serial = "JK" + req.order_id.removeprefix("PO")
    d = store.documents
    with engine.connect() as conn:
        order = conn.execute(store.orders.select().where(
            store.orders.c.order_id == req.order_id, store.orders.c.id_number == person["id_number"],
            store.orders.c.status == "paid")).first()
        issued = conn.execute(d.select().where(d.c.serial == serial, d.c.kind == "payment_voucher")).first()
    if order is None:
        raise ApiError(404, "payment_not_found", "no settled payment with this order id for this taxpayer")
    if issued is not None:
        return taxpayer_api.DocumentOut(serial=issued.serial, kind=issued.kind, issued_at=issued.issued_at,
                                        body=issued.body, qr=issued.qr)
    body = {"order_id": order.order_id, "paid_at": order.paid_at, "total_cents": order.total_cents,
            "items": order.items}
    return taxpayer_api.issue_document(engine, terminal, "payment_voucher", person, body, serial=serial)
