"""Small-amount invoices (代开小额发票): priced with the published rates, taxes paid, then issued.

A quote fixes the lines and the taxes they carry (`bureau.rates`); the seller pays the taxes
as an order item (`kind` invoice_tax, `ref` the quote id); issuing then makes the one signed
invoice of that quote, and asking again returns the same invoice, so a terminal that lost the
answer cannot print two invoices for one payment.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy.engine import Connection

from bureau import docsign, dues, issuing, rates, store
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, ApiError, refusals
from bureau.issuing import DocumentOut
from bureau.payments import OrderItem
from bureau.sessions import NEEDS_SESSION, Taxpayer

router = APIRouter(prefix="/v1/invoices", tags=["invoices"], responses=SIGNED)
SMALL_INVOICE_LIMIT_CENTS = 10_000_00  # the reference limit for self-service small-amount invoices


class InvoiceLine(BaseModel):
    item: str = Field(min_length=1, max_length=64)
    amount_cents: int = Field(gt=0, le=SMALL_INVOICE_LIMIT_CENTS, description="tax included")


class QuoteIn(BaseModel):
    seller_id_number: str = Field(max_length=18)
    buyer_name: str = Field(min_length=1, max_length=128)
    lines: list[InvoiceLine] = Field(min_length=1, max_length=8)


class QuoteOut(BaseModel):
    quote_id: str
    total_cents: int
    taxes: dict[str, int] = Field(description="vat, urban_construction, education, local_education (cents)")
    tax_cents: int
    rates_version: str
    pay_item: OrderItem | None = Field(description="the order item that pays the taxes; none when they are 0")


class IssueIn(BaseModel):
    quote_id: str = Field(min_length=1, max_length=32)


@router.post("/quote", response_model=QuoteOut, responses={**refusals(404), **NEEDS_SESSION})
def quote(req: QuoteIn, terminal: Terminal, engine: Db, taxpayer: Taxpayer) -> QuoteOut:
    """The taxes inside the invoice total, by the published small-invoice rates."""
    seller = taxpayer.require(dues.valid_number(req.seller_id_number))  # invoices in one's own name only
    total = sum(line.amount_cents for line in req.lines)
    if total > SMALL_INVOICE_LIMIT_CENTS:
        raise ApiError(
            422, "amount_over_limit", f"self-service invoices go up to {SMALL_INVOICE_LIMIT_CENTS // 100} yuan"
        )
    taxes = rates.small_invoice_taxes_cents(total)
    quote_id = "IQ" + secrets.token_hex(8).upper()
    with engine.begin() as conn:
        dues.registered(conn, seller)
        conn.execute(
            store.invoice_quotes.insert().values(
                quote_id=quote_id,
                terminal_id=terminal,
                seller_id_number=seller,
                buyer_name=req.buyer_name,
                lines=[line.model_dump() for line in req.lines],
                total_cents=total,
                taxes=taxes,
                tax_cents=sum(taxes.values()),
                created_at=time.time(),
            )
        )
    tax = sum(taxes.values())
    item = OrderItem(kind="invoice_tax", description="代开发票税费", amount_cents=tax, ref=quote_id) if tax else None
    return QuoteOut(
        quote_id=quote_id, total_cents=total, taxes=taxes, tax_cents=tax, rates_version=rates.VERSION, pay_item=item
    )


@router.post("", response_model=DocumentOut, responses={**refusals(404, 409), **NEEDS_SESSION})
def issue_invoice(
    req: IssueIn, terminal: Terminal, engine: Db, taxpayer: Taxpayer, base: issuing.PublicBase
) -> DocumentOut:
    """The signed invoice of a quote whose taxes are paid; the same invoice on every call."""
    q = store.invoice_quotes
    key = docsign.signing_key(engine)
    with engine.begin() as conn:
        row = conn.execute(q.select().where(q.c.quote_id == req.quote_id)).first()
        if row is None:
            raise ApiError(404, "quote_not_found", "no such invoice quote")
        taxpayer.require(row.seller_id_number)  # issued to its seller, verified here and now
        if row.invoice_serial is not None:
            return _stored(conn, row.invoice_serial, base)
        if row.tax_cents and row.order_id is None:
            raise ApiError(409, "taxes_unpaid", "pay the invoice's taxes first (the quote's pay_item)")
        serial = issuing.new_serial()
        won = conn.execute(
            q.update().where(q.c.quote_id == row.quote_id, q.c.invoice_serial.is_(None)).values(invoice_serial=serial)
        ).rowcount
        if not won:  # a concurrent call issued it first
            return _stored(
                conn, conn.execute(sa.select(q.c.invoice_serial).where(q.c.quote_id == row.quote_id)).scalar_one(), base
            )
        seller = dues.taxpayer(conn, row.seller_id_number) or {"id_number": row.seller_id_number, "name": ""}
        body: dict[str, Any] = {
            "buyer_name": row.buyer_name,
            "lines": row.lines,
            "total_cents": row.total_cents,
            "taxes": row.taxes,
            "tax_cents": row.tax_cents,
            "tax_order_id": row.order_id,
        }
        return issuing.issue(conn, key, terminal, "invoice", seller, body, base, serial=serial)


def _stored(conn: Connection, serial: str, base: str) -> DocumentOut:
    return issuing.stored(conn.execute(store.documents.select().where(store.documents.c.serial == serial)).one(), base)
