"""Issuing signed documents (certificates, lists, invoices, payment vouchers), stored for checks and reprints.

A document's QR is the public verification page's address carrying its signed payload, and its
验证码 is derived from that payload (taxcore/doclink.py): stored, so the page finds it by the code.

`issue` writes on the caller's connection so a document can be part of the transaction that
makes it due (a voucher with the payment it proves); the signing key is loaded by the caller
beforehand, because SQLite would make a second connection wait on the first one's write lock.
"""

from __future__ import annotations

import secrets
import time
from typing import Annotated, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy.engine import Connection

from bureau import store
from taxcore import doclink, docpayload
from taxcore.masking import mask_id, mask_name


class DocumentOut(BaseModel):
    serial: str
    kind: str
    issued_at: float
    body: dict[str, Any]
    qr: str = Field(description="the public verification page's address (`<base>/v/<payload>`) whose last segment is "
                                "the Ed25519-signed payload: check it offline with content public_key. Its 验证码 is "
                                "doclink.verify_code(payload), typed on the page without the payload (`<base>/v`)")


def public_base(request: Request) -> str:
    """Where the public verification page is: the configured public address (`bureau serve --public-url`),
    else the address this request reached (a demo or test bureau on the loopback)."""
    return request.app.state.public_url or str(request.base_url)


PublicBase = Annotated[str, Depends(public_base)]


def new_serial() -> str:
    """20 digits, as a 数电票's 发票号码 (so it can be typed on a terminal's keypad): the date, then 12 random."""
    return time.strftime("%Y%m%d") + f"{secrets.randbelow(10**12):012d}"


def issue(
    conn: Connection,
    key: Ed25519PrivateKey,
    terminal: str,
    kind: str,
    person: dict[str, Any],
    body: dict[str, Any],
    base: str,
    serial: str | None = None,
) -> DocumentOut:
    """Sign and store one document for `person` (a taxpayers row)."""
    serial = serial or new_serial()
    issued = time.time()
    claims = {
        "k": kind,
        "s": serial,
        "n": mask_id(person["id_number"]),
        "m": mask_name(str(person["name"])),  # the holder (an invoice's seller), to match the paper offline
        "t": body.get("total_cents"),
        "i": int(issued),
    }
    if body.get("buyer_name"):
        claims["b"] = mask_name(str(body["buyer_name"]))
    qr = docpayload.sign_with(key, claims)
    full = {"taxpayer_name": person["name"], "id_number_masked": claims["n"], **body}
    conn.execute(
        store.documents.insert().values(
            serial=serial,
            kind=kind,
            id_number=person["id_number"],
            terminal_id=terminal,
            issued_at=issued,
            body=full,
            qr=qr,
            verify_code=doclink.verify_code(qr),
        )
    )
    return DocumentOut(serial=serial, kind=kind, issued_at=issued, body=full, qr=doclink.link(base, qr))


def stored(row: Any, base: str) -> DocumentOut:
    """A documents row as issued, its QR the verification address on this bureau's page."""
    return DocumentOut(serial=row.serial, kind=row.kind, issued_at=row.issued_at, body=row.body,
                       qr=doclink.link(base, row.qr))
