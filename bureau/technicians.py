"""Technician cards: a signed QR that opens a terminal's diagnostics; expiring and revocable.

The card's payload is Ed25519-signed like certificates (`k` = "tech"), so a terminal can check
it offline against the public key and the revocation list (`/v1/technicians/revoked`) it
refreshes when online; `/v1/technicians/check` gives the live answer.
"""

from __future__ import annotations

import secrets
import time
from typing import Literal

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine

from bureau import docsign, store
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED

router = APIRouter(prefix="/v1/technicians", tags=["technicians"], responses=SIGNED)


def issue_card(engine: Engine, name: str, days: int = 30) -> tuple[str, str]:
    """(card id, QR payload)."""
    card_id = "TC" + secrets.token_hex(6).upper()
    now = time.time()
    expires = now + days * 86400
    with engine.begin() as conn:
        conn.execute(
            store.technician_cards.insert().values(
                card_id=card_id, name=name, issued_at=now, expires_at=expires
            )
        )
    return card_id, docsign.sign_payload(engine, {"k": "tech", "s": card_id, "n": name, "e": int(expires)})


def revoke_card(engine: Engine, card_id: str) -> bool:
    t = store.technician_cards
    with engine.begin() as conn:
        return bool(
            conn.execute(t.update().where(t.c.card_id == card_id).values(revoked_at=time.time())).rowcount
        )


def revoked_ids(engine: Engine) -> list[str]:
    t = store.technician_cards
    with engine.connect() as conn:
        return list(
            conn.execute(
                sa.select(t.c.card_id).where(t.c.revoked_at.is_not(None)).order_by(t.c.card_id)
            ).scalars()
        )


class CardCheckIn(BaseModel):
    qr: str = Field(max_length=4096)


class CardCheckOut(BaseModel):
    status: Literal["valid", "revoked", "expired", "invalid"]
    card_id: str | None = None
    name: str | None = None


@router.post("/check", response_model=CardCheckOut)
def check_card(req: CardCheckIn, terminal: Terminal, engine: Db) -> CardCheckOut:
    claims = docsign.verify(engine, req.qr)
    if claims is None or claims.get("k") != "tech":
        return CardCheckOut(status="invalid")
    t = store.technician_cards
    with engine.connect() as conn:
        row = conn.execute(t.select().where(t.c.card_id == str(claims.get("s")))).first()
    if row is None:
        return CardCheckOut(status="invalid")
    status: Literal["valid", "revoked", "expired"] = (
        "revoked" if row.revoked_at is not None else "expired" if row.expires_at < time.time() else "valid"
    )
    return CardCheckOut(status=status, card_id=row.card_id, name=row.name)


@router.get("/revoked")
def revoked(terminal: Terminal, engine: Db) -> dict[str, list[str]]:
    """Revoked card ids, for terminals to refuse those cards offline too."""
    return {"revoked": revoked_ids(engine)}
