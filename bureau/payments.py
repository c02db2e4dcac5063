"""Payments through a simulated QR channel: order (≤5 items) → pay link → payer confirms → paid.

Creating an order is idempotent on the terminal's order key: the same key and body return the
same order, the same key with a different body is a 409, so a terminal that lost the answer
simply asks again. Items of a due kind must be due at the bureau's amount (`bureau.dues`).
The payer's confirmation arrives on `/sim/pay/{token}`, unsigned, as a payment provider's
callback would; in one transaction it marks the order paid, settles the records the items name
in `ref` once, and issues the signed payment voucher (缴款凭证), which the terminal fetches and
can fetch again (reprint) by order or by the taxpayer's ID number.
"""

from __future__ import annotations

import secrets
import time
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bureau import docsign, dues, idempotency, issuing, store
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, ApiError, refusals
from bureau.sessions import NEEDS_SESSION, Taxpayer, taxpayer_session
from bureau.voucher_lines import voucher_lines

router = APIRouter(tags=["payments"])


class OrderItem(BaseModel):
    kind: str = Field(
        min_length=1,
        max_length=32,
        description="arrears, vehicle_tax, si, fixed_quota, invoice_tax (checked against what is due) or another fee",
    )
    description: str = Field(max_length=128)
    amount_cents: int = Field(gt=0, le=100_000_000)
    ref: str | None = Field(
        default=None,
        max_length=64,
        description="what it pays: arrears id, plate, si `insurance:year:level:ID number`, filing id, quote id",
    )


class OrderIn(BaseModel):
    order_key: str = Field(min_length=1, max_length=64, description="the terminal's idempotency key")
    id_number: str = Field(max_length=18)
    items: list[OrderItem] = Field(min_length=1, max_length=5)


PAYMENT_WINDOW_S = 300  # how long a payment link takes a payment: the terminal's countdown
Status = Literal["pending", "paid", "cancelled", "expired"]


class OrderOut(BaseModel):
    order_id: str
    order_key: str
    status: Status = Field(description="expired: the link's window passed unpaid; it takes no payment now")
    total_cents: int
    pay_url: str
    created_at: float
    expires_at: float = Field(description="the payment link takes no payment after this (unix time)")
    paid_at: float | None
    voucher_serial: str | None = Field(description="the payment voucher, once paid")


def status_of(row: Any, now: float | None = None) -> Status:
    if row.status == "pending" and (now or time.time()) > row.created_at + PAYMENT_WINDOW_S:
        return "expired"
    result: Status = row.status
    return result


def out(row: Any, request: Request) -> OrderOut:
    return OrderOut(
        order_id=row.order_id,
        order_key=row.order_key,
        status=status_of(row),
        total_cents=row.total_cents,
        pay_url=str(request.base_url) + f"sim/pay/{row.pay_token}",
        created_at=row.created_at,
        expires_at=row.created_at + PAYMENT_WINDOW_S,
        paid_at=row.paid_at,
        voucher_serial=voucher_serial(row.order_id) if row.status == "paid" else None,
    )


def voucher_serial(order_id: str) -> str:
    """One voucher per order, so a reprint is the same document."""
    return "PV" + order_id[2:]


def _find(engine: Db, *where: Any) -> Any:
    with engine.connect() as conn:
        return conn.execute(store.orders.select().where(*where)).first()


def open_order(engine: Db, terminal: str, order_key: str, id_number: str, items: list[dict[str, Any]]) -> Any:
    """The terminal's order under `order_key`, created if new (the stored row)."""
    id_number = dues.valid_number(id_number)
    request = {"order_key": order_key, "id_number": id_number, "items": items}
    digest = idempotency.digest(request)
    o = store.orders
    same_key = (o.c.terminal_id == terminal, o.c.order_key == order_key)
    row = _find(engine, *same_key)
    if row is None:
        try:
            with engine.begin() as conn:
                dues.registered(conn, id_number)
                dues.check_items(conn, id_number, items)
                conn.execute(
                    o.insert().values(
                        order_id="PO" + secrets.token_hex(8).upper(),
                        terminal_id=terminal,
                        order_key=order_key,
                        request_hash=digest,
                        id_number=id_number,
                        items=items,
                        total_cents=sum(int(i["amount_cents"]) for i in items),
                        status="pending",
                        pay_token=secrets.token_urlsafe(24),
                        created_at=time.time(),
                    )
                )
        except IntegrityError:
            pass  # a concurrent retry with the same key won: fall through to its order
        row = _find(engine, *same_key)
    if row.request_hash != digest:
        raise idempotency.conflict()
    return row


@router.post("/v1/payments/orders", response_model=OrderOut,
             responses={**SIGNED, **refusals(404, 409), **NEEDS_SESSION})
def create_order(req: OrderIn, request: Request, terminal: Terminal, engine: Db) -> OrderOut:
    """An order for at most 5 items for the taxpayer `id_number` (the payer), who must be the one
    verified at this terminal (`X-Taxpayer-Session`); same key, same order. Asking again for an
    order this terminal already opened needs no session: it makes nothing new (a restarted
    kiosk settles its open orders so, after its visitors have gone)."""
    items = [i.model_dump() for i in req.items]
    number = req.id_number.upper()
    o = store.orders
    known = _find(engine, o.c.terminal_id == terminal, o.c.order_key == req.order_key)
    if known is None or known.id_number != number:
        number = taxpayer_session(request, terminal, engine).require(number)
    return out(open_order(engine, terminal, req.order_key, number, items), request)


@router.get("/v1/payments/orders/{order_id}", response_model=OrderOut, responses={**SIGNED, **refusals(404)})
def order_status(order_id: str, request: Request, terminal: Terminal, engine: Db) -> OrderOut:
    return out(_own_order(engine, terminal, order_id), request)


def _own_order(engine: Db, terminal: str, order_id: str) -> Any:
    row = _find(engine, store.orders.c.order_id == order_id, store.orders.c.terminal_id == terminal)
    if row is None:
        raise ApiError(404, "order_not_found", "no such order for this terminal")
    return row


@router.get(
    "/v1/payments/orders/{order_id}/voucher",
    response_model=issuing.DocumentOut,
    responses={**SIGNED, **refusals(404, 409)},
)
def order_voucher(order_id: str, terminal: Terminal, engine: Db, base: issuing.PublicBase) -> issuing.DocumentOut:
    """The payment voucher of one of this terminal's paid orders: the same document every time."""
    row = _own_order(engine, terminal, order_id)
    if row.status != "paid":
        raise ApiError(409, "order_unpaid", "the order is not paid yet: no voucher")
    with engine.connect() as conn:
        doc = conn.execute(store.documents.select().where(store.documents.c.serial == voucher_serial(order_id))).first()
    return issuing.stored(doc, base)


class VouchersOut(BaseModel):
    items: list[issuing.DocumentOut] = Field(description="newest first")


@router.get("/v1/payments/vouchers", response_model=VouchersOut,
            responses={**SIGNED, **refusals(404), **NEEDS_SESSION})
def taxpayer_vouchers(terminal: Terminal, engine: Db, taxpayer: Taxpayer, base: issuing.PublicBase,
                      id_number: Annotated[str, Query(max_length=18)]) -> VouchersOut:
    """Every payment voucher of the identified taxpayer (identified again at any terminal), for a reprint."""
    d = store.documents
    _, rows = dues.records_of(engine, taxpayer.require(id_number), d, d.c.kind == "payment_voucher",
                              order_by=(d.c.issued_at.desc(), d.c.serial))
    return VouchersOut(items=[issuing.stored(r, base) for r in rows])


@router.post(
    "/v1/payments/orders/{order_id}/cancel",
    response_model=OrderOut,
    responses={**SIGNED, **refusals(404, 409)},
)
def cancel_order(order_id: str, request: Request, terminal: Terminal, engine: Db) -> OrderOut:
    """The taxpayer gave up: the link takes no payment from now on. A paid order cannot be
    cancelled (409 order_paid): the terminal prints its voucher instead. Cancelling twice is fine."""
    row = _own_order(engine, terminal, order_id)
    o = store.orders
    with engine.begin() as conn:
        conn.execute(o.update().where(o.c.order_id == row.order_id, o.c.status == "pending").values(status="cancelled"))
    row = _own_order(engine, terminal, order_id)
    if row.status == "paid":
        raise ApiError(409, "order_paid", "the order was paid: print its voucher")
    return out(row, request)


class PayerOut(BaseModel):
    order_id: str
    status: Literal["paid"]


@router.post("/sim/pay/{token}", response_model=PayerOut, responses=refusals(404, 409))
def simulated_payer_confirms(token: str, engine: Db, base: issuing.PublicBase) -> PayerOut:
    """The simulated payment channel: the payer's phone confirms; paying twice changes nothing.

    409: the order was cancelled (order_cancelled), its window passed (payment_link_expired), or
    an item was paid by another order meanwhile (no_longer_due); in each case no money is taken."""
    o = store.orders
    key = docsign.signing_key(engine)
    with engine.begin() as conn:
        row = conn.execute(o.select().where(o.c.pay_token == token)).first()
        if row is None:
            raise ApiError(404, "payment_link_unknown", "this payment link is not valid")
        now = time.time()
        state = status_of(row, now)
        if state == "expired":
            raise ApiError(409, "payment_link_expired", "this payment link has expired")
        if state == "pending":
            try:
                dues.check_items(conn, row.id_number, row.items)
            except ApiError as exc:
                raise ApiError(409, "no_longer_due", exc.message) from None
            won = conn.execute(
                o.update()
                .where(o.c.order_id == row.order_id, o.c.status == "pending")
                .values(status="paid", paid_at=now)
            ).rowcount
            if won:  # not a concurrent confirmation or cancellation of the same order
                dues.settle(conn, row.order_id, row.id_number, row.items)
                _issue_voucher(conn, key, row, now, base)
            state = conn.execute(sa.select(o.c.status).where(o.c.order_id == row.order_id)).scalar_one()
        if state == "cancelled":
            raise ApiError(409, "order_cancelled", "this order was cancelled at the terminal")
    return PayerOut(order_id=row.order_id, status="paid")


def _issue_voucher(conn: Connection, key: Any, order: Any, paid_at: float, base: str) -> None:
    person = dues.taxpayer(conn, order.id_number) or {"id_number": order.id_number, "name": ""}
    body = {
        "order_id": order.order_id,
        "paid_at": paid_at,
        "items": [{k: i.get(k) for k in ("kind", "description", "amount_cents")} for i in order.items],
        "lines": voucher_lines(conn, list(order.items), paid_at),  # 税种, 品目, 税款所属时期 from the records
        "total_cents": order.total_cents,
    }
    issuing.issue(conn, key, order.terminal_id, "payment_voucher", person, body, base,
                  serial=voucher_serial(order.order_id))
