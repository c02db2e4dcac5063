"""Who is at the terminal: a lookup that reveals nothing personal, and verification that opens
a taxpayer session (`bureau.sessions`).

Reference identity policy (documented, deliberately simple): a person is verified when the
ID number passes the GB 11643 check, a taxpayer with that number is on file, the name read
from the card (when a card was read) equals the one on file, and a face capture of at least
1 KiB (base64 JPEG) was sent (a JPEG: it starts with FF D8). No biometric matching happens
here yet; a real bureau plugs its face service in instead.
"""

from __future__ import annotations

import base64
import binascii

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic import BaseModel, Field

from bureau import dues, sessions, store
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, refusals
from taxcore import idnumber
from taxcore.masking import mask_id, mask_name

router = APIRouter(prefix="/v1/identity", tags=["taxpayers"], responses=SIGNED)
MIN_FACE_BYTES = 1024


class LookupIn(BaseModel):
    id_number: str = Field(max_length=18)


class LookupOut(BaseModel):
    id_number_masked: str
    name_masked: str = Field(description="what a screen may show before the person is verified")


@router.post("/lookup", response_model=LookupOut, responses=refusals(404))
def lookup(body: LookupIn, terminal: Terminal, engine: Db) -> LookupOut:
    """Is this ID number a taxpayer on file? Answers only masked data: anyone can type a number."""
    number = dues.valid_number(body.id_number)
    with engine.connect() as conn:
        person = dues.registered(conn, number)
    return LookupOut(id_number_masked=mask_id(number), name_masked=mask_name(person["name"]))


class IdentityIn(BaseModel):
    id_number: str = Field(max_length=18)
    name: str | None = Field(default=None, max_length=64, description="as read from the ID card; none when typed")
    face_jpeg_b64: str = Field(max_length=2_000_000)
    visit_id: str | None = Field(default=None, max_length=64, description="the terminal's visit the session ends with")


class IdentityOut(BaseModel):
    verified: bool
    reason: str | None
    id_number_masked: str
    name: str | None = Field(default=None, description="the taxpayer's name on file, once verified")
    session_token: str | None = Field(default=None, description=f"send as {sessions.HEADER} for this taxpayer")
    expires_at: float | None = Field(default=None, description="the session's end at the latest (unix time)")


@router.post("/verify", response_model=IdentityOut, responses=refusals(404))
def verify_identity(body: IdentityIn, terminal: Terminal, engine: Db) -> IdentityOut:
    number = body.id_number.upper()
    masked = mask_id(number)

    def refused(reason: str) -> IdentityOut:
        return IdentityOut(verified=False, reason=reason, id_number_masked=masked)

    if not idnumber.is_valid(number):
        return refused("invalid_id_number")
    try:
        face = base64.b64decode(body.face_jpeg_b64, validate=True)
    except (binascii.Error, ValueError):
        face = b""
    if len(face) < MIN_FACE_BYTES or not face.startswith(b"\xff\xd8"):
        return refused("no_face_capture")
    with engine.connect() as conn:
        name = conn.execute(sa.select(store.taxpayers.c.name).where(store.taxpayers.c.id_number == number)).scalar()
    if name is None:
        return refused("not_registered")
    if body.name is not None and name != body.name:
        return refused("name_mismatch")
    with engine.begin() as conn:
        token, expires = sessions.open_session(conn, terminal, number, body.visit_id, "face")
    return IdentityOut(verified=True, reason=None, id_number_masked=masked, name=name, session_token=token,
                       expires_at=expires)
