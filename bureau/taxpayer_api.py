"""Taxpayer queries and signed certificates / record lists: for the taxpayer whose session
(`bureau.sessions`) the request carries, and no one else."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic import BaseModel, Field

from bureau import docsign, dues, issuing, store
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, ApiError, refusals
from bureau.issuing import DocumentOut
from bureau.sessions import NEEDS_SESSION, Taxpayer, TaxpayerSession
from taxcore import doclink

router = APIRouter(prefix="/v1", tags=["taxpayers"], responses=SIGNED)


def _taxpayer(engine: Db, number: str, taxpayer: TaxpayerSession) -> dict[str, Any]:
    number = taxpayer.require(dues.valid_number(number))
    with engine.connect() as conn:
        return dues.registered(conn, number)


RECORDS = {
    "iit": store.iit_records,
    "si": store.si_contributions,
    "arrears": store.arrears,
    "vehicles": store.vehicles,
    "businesses": store.businesses,
}


@router.get("/taxpayers/{id_number}", responses={**refusals(404), **NEEDS_SESSION})
def taxpayer_summary(id_number: str, terminal: Terminal, engine: Db, taxpayer: Taxpayer) -> dict[str, Any]:
    """Who the taxpayer is and how many records of each kind the bureau holds."""
    person = _taxpayer(engine, id_number, taxpayer)
    with engine.connect() as conn:
        counts = {
            kind: conn.execute(
                sa.select(sa.func.count()).select_from(t).where(t.c.id_number == person["id_number"])
            ).scalar()
            for kind, t in RECORDS.items()
        }
    return {"taxpayer": person, "records": counts}


@router.get("/taxpayers/{id_number}/{kind}", responses={**refusals(404), **NEEDS_SESSION})
def taxpayer_records(
    id_number: str,
    kind: Literal["iit", "si", "arrears", "vehicles", "businesses"],
    terminal: Terminal,
    engine: Db,
    taxpayer: Taxpayer,
) -> dict[str, Any]:
    """One kind of record for a taxpayer, oldest first (amounts in cents)."""
    person = _taxpayer(engine, id_number, taxpayer)
    table = RECORDS[kind]
    with engine.connect() as conn:
        rows = conn.execute(
            table.select().where(table.c.id_number == person["id_number"]).order_by(table.c.id)
        ).mappings()
        items = [{k: v for k, v in r.items() if k not in ("id_number",)} for r in rows]
    return {"kind": kind, "items": items}


class CertificateIn(BaseModel):
    kind: Literal["iit_certificate", "tax_record_list", "si_payment_list", "si_summary"]
    id_number: str = Field(max_length=18)
    year: int = Field(ge=2000, le=2100)


_SOURCES = {"iit_certificate": "iit", "tax_record_list": "iit", "si_payment_list": "si", "si_summary": "si"}


@router.post("/certificates", response_model=DocumentOut, responses={**refusals(404), **NEEDS_SESSION})
def issue_certificate(
    req: CertificateIn, terminal: Terminal, engine: Db, taxpayer: Taxpayer, base: issuing.PublicBase
) -> DocumentOut:
    """A certificate or record list for one year, with a signed QR any terminal can verify."""
    person = _taxpayer(engine, req.id_number, taxpayer)
    table = RECORDS[_SOURCES[req.kind]]
    with engine.connect() as conn:
        rows = [
            dict(r)
            for r in conn.execute(
                table.select()
                .where(table.c.id_number == person["id_number"], table.c.period.like(f"{req.year}-%"))
                .order_by(table.c.id)
            ).mappings()
        ]
    if not rows:
        raise ApiError(404, "no_records", f"no records for {req.year}")
    amount_key = "tax_cents" if _SOURCES[req.kind] == "iit" else "personal_cents"
    total = sum(int(r[amount_key]) for r in rows)
    lines = [{k: v for k, v in r.items() if k not in ("id", "id_number")} for r in rows]
    body: dict[str, Any] = {"year": req.year, "total_cents": total, "lines": lines}
    if req.kind == "si_summary":  # the months it sums stay in `lines`, so the paper can show both
        body["employer_total_cents"] = sum(int(r["employer_cents"]) for r in rows)
        body["summary"] = si_summary_lines(lines)
    return _issue(engine, terminal, req.kind, person, body, base)


def si_summary_lines(monthly: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """社保费汇总清单: one line per insurance with the months paid and the sums, in first-seen order."""
    out: dict[str, dict[str, Any]] = {}
    for r in monthly:
        line = out.setdefault(
            r["insurance"],
            {
                "insurance": r["insurance"],
                "months": 0,
                "from_period": r["period"],
                "to_period": r["period"],
                "personal_cents": 0,
                "employer_cents": 0,
            },
        )
        line["months"] += 1
        line["from_period"] = min(line["from_period"], r["period"])
        line["to_period"] = max(line["to_period"], r["period"])
        line["personal_cents"] += int(r["personal_cents"])
        line["employer_cents"] += int(r["employer_cents"])
    return list(out.values())


def _issue(
    engine: Db, terminal: str, kind: str, person: dict[str, Any], body: dict[str, Any], base: str
) -> DocumentOut:
    key = docsign.signing_key(engine)
    with engine.begin() as conn:
        return issuing.issue(conn, key, terminal, kind, person, body, base)


class CheckIn(BaseModel):
    qr: str = Field(max_length=4096, description="a document's QR as scanned: its verification address or bare payload")


class CheckOut(BaseModel):
    genuine: bool
    serial: str | None = None
    kind: str | None = None
    claims: dict[str, Any] | None = None


@router.post("/documents/check", response_model=CheckOut)
def check_document(req: CheckIn, terminal: Terminal, engine: Db) -> CheckOut:
    """Is this certificate or invoice QR one the bureau signed and issued?"""
    claims = docsign.verify(engine, doclink.payload_of(req.qr))
    if claims is None:
        return CheckOut(genuine=False)
    with engine.connect() as conn:
        known = conn.execute(
            sa.select(store.documents.c.kind).where(store.documents.c.serial == str(claims.get("s")))
        ).scalar()
    if known is None:
        return CheckOut(genuine=False)
    return CheckOut(genuine=True, serial=str(claims.get("s")), kind=known, claims=claims)


class FindIn(BaseModel):
    code: str = Field(max_length=64, description="as typed at a terminal: a document's 验证码 (16 digits, spaces "
                                                "allowed) or an invoice's 发票号码")


class FindOut(BaseModel):
    qr: str = Field(description="the document's QR (its verification address): check it as if it had been scanned")


@router.post("/documents/find", response_model=FindOut, responses=refusals(404))
def find_document(req: FindIn, terminal: Terminal, engine: Db, base: issuing.PublicBase) -> FindOut:
    """The document a typed 验证码 or 发票号码 names (404 document_not_found when none, or not exactly one)."""
    d = store.documents
    digits = doclink.typed_code(req.code)
    invoice_no = (d.c.serial == req.code.strip().upper()) & (d.c.kind == "invoice")
    where = (d.c.verify_code == digits) if digits else invoice_no
    with engine.connect() as conn:
        rows = conn.execute(sa.select(d.c.qr).where(where).limit(2)).all()
    if len(rows) != 1:
        raise ApiError(404, "document_not_found", "no document has this code")
    return FindOut(qr=doclink.link(base, rows[0].qr))
