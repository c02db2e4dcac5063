"""Identity verification, taxpayer queries and signed certificates / record lists.

Reference identity policy (documented, deliberately simple): a person is verified when the
ID number passes the GB 11643 check, a taxpayer with that number is on file, the name read
from the card equals the one on file, and a face capture of at least 1 KiB (base64 JPEG) was
sent (a JPEG: it starts with FF D8). No biometric matching happens here; a real bureau
plugs its face service in instead.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic import BaseModel, Field

from bureau import docsign, idnumber, store
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, ApiError, refusals

router = APIRouter(prefix="/v1", tags=["taxpayers"], responses=SIGNED)
MIN_FACE_BYTES = 1024


class IdentityIn(BaseModel):
    id_number: str = Field(max_length=18)
    name: str = Field(max_length=64)
    face_jpeg_b64: str = Field(max_length=2_000_000)


class IdentityOut(BaseModel):
    verified: bool
    reason: str | None
    id_number_masked: str


@router.post("/identity/verify", response_model=IdentityOut, responses=refusals(404))
def verify_identity(body: IdentityIn, terminal: Terminal, engine: Db) -> IdentityOut:
    number = body.id_number.upper()
    masked = idnumber.masked(number)
    if not idnumber.is_valid(number):
        return IdentityOut(verified=False, reason="invalid_id_number", id_number_masked=masked)
    try:
        face = base64.b64decode(body.face_jpeg_b64, validate=True)
    except (binascii.Error, ValueError):
        face = b""
    if len(face) < MIN_FACE_BYTES or not face.startswith(b"\xff\xd8"):
        return IdentityOut(verified=False, reason="no_face_capture", id_number_masked=masked)
    with engine.connect() as conn:
        name = conn.execute(
            sa.select(store.taxpayers.c.name).where(store.taxpayers.c.id_number == number)
        ).scalar()
    if name is None:
        return IdentityOut(verified=False, reason="not_registered", id_number_masked=masked)
    if name != body.name:
        return IdentityOut(verified=False, reason="name_mismatch", id_number_masked=masked)
    return IdentityOut(verified=True, reason=None, id_number_masked=masked)


def taxpayer_row(engine: Db, number: str) -> dict[str, Any]:
    """The taxpayer on file, or the 422/404 a terminal can word for the person."""
    number = number.upper()
    if not idnumber.is_valid(number):
        raise ApiError(422, "invalid_id_number", "the ID number fails its GB 11643 check")
    with engine.connect() as conn:
        row = (
            conn.execute(store.taxpayers.select().where(store.taxpayers.c.id_number == number))
            .mappings()
            .first()
        )
    if row is None:
        raise ApiError(404, "taxpayer_not_found", "no taxpayer with this ID number")
    return dict(row)


RECORDS = {
    "iit": store.iit_records,
    "si": store.si_contributions,
    "arrears": store.arrears,
    "vehicles": store.vehicles,
    "businesses": store.businesses,
}


@router.get("/taxpayers/{id_number}", responses=refusals(404))
def taxpayer_summary(id_number: str, terminal: Terminal, engine: Db) -> dict[str, Any]:
    """Who the taxpayer is and how many records of each kind the bureau holds."""
    person = taxpayer_row(engine, id_number)
    with engine.connect() as conn:
        counts = {
            kind: conn.execute(
                sa.select(sa.func.count()).select_from(t).where(t.c.id_number == person["id_number"])
            ).scalar()
            for kind, t in RECORDS.items()
        }
    return {"taxpayer": person, "records": counts}


@router.get("/taxpayers/{id_number}/{kind}", responses=refusals(404))
def taxpayer_records(
    id_number: str,
    kind: Literal["iit", "si", "arrears", "vehicles", "businesses"],
    terminal: Terminal,
    engine: Db,
) -> dict[str, Any]:
    """One kind of record for a taxpayer, oldest first (amounts in cents)."""
    person = taxpayer_row(engine, id_number)
    table = RECORDS[kind]
    with engine.connect() as conn:
        rows = conn.execute(
            table.select().where(table.c.id_number == person["id_number"]).order_by(table.c.id)
        ).mappings()
        items = [{k: v for k, v in r.items() if k not in ("id_number",)} for r in rows]
    return {"kind": kind, "items": items}


class CertificateIn(BaseModel):
    kind: Literal["iit_certificate", "tax_record_list", "si_payment_list", "si_payment_summary"]
    id_number: str = Field(max_length=18)
    year: int = Field(ge=2000, le=2100)


class DocumentOut(BaseModel):
    serial: str
    kind: str
    issued_at: float
    body: dict[str, Any]
    qr: str = Field(description="Ed25519-signed payload; check offline with content public_key")


_SOURCES = {"iit_certificate": "iit", "tax_record_list": "iit", "si_payment_list": "si", "si_payment_summary": "si"}


@router.post("/certificates", response_model=DocumentOut, responses=refusals(404))
def issue_certificate(req: CertificateIn, terminal: Terminal, engine: Db) -> DocumentOut:
    """A certificate or record list for one year, with a signed QR any terminal can verify."""
    person = taxpayer_row(engine, req.id_number)
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
    return issue_document(
        engine, terminal, req.kind, person, {"year": req.year, "total_cents": total, "lines": lines}
    )


def issue_document(engine: Db, terminal: str, kind: str, person: dict[str, Any], body: dict[str, Any],
           serial: str | None = None) -> DocumentOut:
    serial = serial or time.strftime("%Y%m%d") + secrets.token_hex(6).upper()
    issued = time.time()
    claims = {
        "k": kind,
        "s": serial,
        "n": idnumber.masked(person["id_number"]),
        "t": body.get("total_cents"),
        "i": int(issued),
    }
    qr = docsign.sign_payload(engine, claims)
    full = {"taxpayer_name": person["name"], "id_number_masked": claims["n"], **body}
    with engine.begin() as conn:
        conn.execute(
            store.documents.insert().values(
                serial=serial,
                kind=kind,
                id_number=person["id_number"],
                terminal_id=terminal,
                issued_at=issued,
                body=full,
                qr=qr,
            )
        )
    return DocumentOut(serial=serial, kind=kind, issued_at=issued, body=full, qr=qr)


class CheckIn(BaseModel):
    qr: str = Field(max_length=4096)


class CheckOut(BaseModel):
    genuine: bool
    serial: str | None = None
    kind: str | None = None
    claims: dict[str, Any] | None = None


@router.post("/documents/check", response_model=CheckOut)
def check_document(req: CheckIn, terminal: Terminal, engine: Db) -> CheckOut:
    """Is this certificate or invoice QR one the bureau signed and issued?"""
    claims = docsign.verify_payload(docsign.public_key_hex(engine), req.qr)
    if claims is None:
        return CheckOut(genuine=False)
    with engine.connect() as conn:
        known = conn.execute(
            sa.select(store.documents.c.kind).where(store.documents.c.serial == str(claims.get("s")))
        ).scalar()
    if known is None:
        return CheckOut(genuine=False)
    return CheckOut(genuine=True, serial=str(claims.get("s")), kind=known, claims=claims)


SMALL_INVOICE_LIMIT_CENTS = 10_000_00  # the reference limit for self-service small-amount invoices


class InvoiceIn(BaseModel):
    seller_id_number: str = Field(max_length=18)
    buyer_name: str = Field(min_length=1, max_length=128)
    item: str = Field(min_length=1, max_length=64)
    amount_cents: int = Field(gt=0)


@router.post("/invoices", response_model=DocumentOut, responses=refusals(404))
def issue_invoice(req: InvoiceIn, terminal: Terminal, engine: Db) -> DocumentOut:
    """A small-amount invoice (代开小额发票) with a signed QR, checked by `/v1/documents/check`."""
    if req.amount_cents > SMALL_INVOICE_LIMIT_CENTS:
        raise ApiError(
            422,
            "amount_over_limit",
            f"self-service invoices go up to {SMALL_INVOICE_LIMIT_CENTS // 100} yuan",
        )
    seller = taxpayer_row(engine, req.seller_id_number)
    body = {"buyer_name": req.buyer_name, "item": req.item, "total_cents": req.amount_cents}
    return issue_document(engine, terminal, "invoice", seller, body)
