"""Issuing signed documents (certificates, lists, invoices, payment vouchers), stored for checks and reprints.

`issue` writes on the caller's connection so a document can be part of the transaction that
makes it due (a voucher with the payment it proves); the signing key is loaded by the caller
beforehand, because SQLite would make a second connection wait on the first one's write lock.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, Field
from sqlalchemy.engine import Connection

from bureau import store
from taxcore import docpayload
from taxcore.masking import mask_id


class DocumentOut(BaseModel):
    serial: str
    kind: str
    issued_at: float
    body: dict[str, Any]
    qr: str = Field(description="Ed25519-signed payload; check offline with content public_key")


def new_serial() -> str:
    return time.strftime("%Y%m%d") + secrets.token_hex(6).upper()


def issue(
    conn: Connection,
    key: Ed25519PrivateKey,
    terminal: str,
    kind: str,
    person: dict[str, Any],
    body: dict[str, Any],
    serial: str | None = None,
) -> DocumentOut:
    """Sign and store one document for `person` (a taxpayers row)."""
    serial = serial or new_serial()
    issued = time.time()
    claims = {
        "k": kind,
        "s": serial,
        "n": mask_id(person["id_number"]),
        "t": body.get("total_cents"),
        "i": int(issued),
    }
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
        )
    )
    return DocumentOut(serial=serial, kind=kind, issued_at=issued, body=full, qr=qr)


def stored(row: Any) -> DocumentOut:
    """A documents row as issued."""
    return DocumentOut(serial=row.serial, kind=row.kind, issued_at=row.issued_at, body=row.body, qr=row.qr)
