"""Queue tickets, appointments and ratings, and a hall's comfort index.

Each is keyed by the terminal's own id for it (hall, day and ticket number; appointment id;
visit id), scoped to that terminal (`bureau.idempotency`): a resend after a lost answer returns
the stored record with `duplicate: true` rather than counting twice, another body under the
same key is a 409, and another terminal's key of the same name is its own. The comfort index is the expected
number of visitors per hour of the day, averaged over the days that had tickets.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy.engine import Connection

from bureau import booking, dues, hall, idempotency, store
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, ApiError, refusals
from bureau.fields import Moment
from taxcore import idnumber

router = APIRouter(prefix="/v1", tags=["visits"], responses=SIGNED)


class Stored(BaseModel):
    kind: str
    key: str
    duplicate: bool
    data: dict[str, Any]


class TicketIn(BaseModel):
    hall_id: str = Field(min_length=1, max_length=32)
    number: str = Field(min_length=1, max_length=64, description="the ticket number the terminal printed")
    service_id: str = Field(max_length=64)
    issued_at: Moment
    txn_id: str | None = Field(default=None, min_length=1, max_length=64,
                               description="the outbox transaction that will bring it again: the same ticket")


class TicketOut(Stored):
    ahead: int | None = Field(description="tickets of the same business waiting before it; null once called "
                                          "or when the ticket carries no txn_id")


class AppointmentIn(BaseModel):
    appointment_id: str = Field(min_length=1, max_length=64)
    hall_id: str = Field(min_length=1, max_length=32)
    id_number: str = Field(max_length=18)
    service_id: str = Field(max_length=64)
    slot: Moment
    phone: str = Field(default="", pattern=r"^(1\d{10})?$", description="optional mobile number for a reminder")


class RatingIn(BaseModel):
    visit_id: str = Field(min_length=1, max_length=64, description="one rating per visit")
    hall_id: str = Field(min_length=1, max_length=32)
    stars: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=500)


def _store(engine: Db, kind: str, terminal: str, hall: str, key: str, at: float, data: dict[str, Any]) -> Stored:
    """One record per terminal and key: a resend gets it back, another body under the key is a 409."""
    v = store.visits

    def create(conn: Connection) -> str:
        record = "V" + secrets.token_hex(12).upper()
        conn.execute(v.insert().values(kind=kind, terminal_id=terminal, hall_id=hall, key=record, at=at, data=data))
        return record

    def load(conn: Connection, record: str) -> dict[str, Any]:
        stored = conn.execute(sa.select(v.c.data).where(v.c.kind == kind, v.c.key == record)).scalar_one()
        return dict(stored)

    stored, duplicate = idempotency.once(engine, terminal, kind, key, data, create, load)
    return Stored(kind=kind, key=key, duplicate=duplicate, data=stored)


@router.post("/tickets", response_model=TicketOut, responses=refusals(409))
def ticket(req: TicketIn, terminal: Terminal, engine: Db) -> TicketOut:
    """Register a ticket; with the outbox's txn_id it joins the calling queue and says how many are ahead."""
    data = req.model_dump(mode="json", exclude={"txn_id"})
    if req.txn_id is None:
        key = f"{req.hall_id}/{req.issued_at.date().isoformat()}/{req.number}"  # numbers start again each day
        stored = _store(engine, "ticket", terminal, req.hall_id, key, req.issued_at.timestamp(), data)
        return TicketOut(**stored.model_dump(), ahead=None)
    outcome = hall.register_ticket(engine, terminal, req.hall_id, req.txn_id, req.issued_at.timestamp(), data)
    if outcome == "conflict":
        raise idempotency.conflict()
    return TicketOut(kind="ticket", key=req.txn_id, duplicate=outcome == "same", data=data,
                     ahead=hall.ahead(engine, req.hall_id, req.txn_id))


@router.post("/appointments", response_model=Stored, responses=refusals(409))
def appointment(req: AppointmentIn, terminal: Terminal, engine: Db) -> Stored:
    dues.valid_number(req.id_number)
    if req.slot.timestamp() < time.time():
        raise ApiError(422, "slot_in_past", "an appointment must be in the future")
    resend = any(b["appointment_id"] == req.appointment_id
                 for b in booking.of_person(engine, req.hall_id, req.id_number))
    if not resend:  # a resend of a booking that filled the slot is still that booking
        places = booking.left(engine, req.hall_id, req.slot.isoformat())
        if places is None:
            raise ApiError(422, "not_a_slot", "not a bookable slot of this hall (see /v1/halls/{hall}/slots)")
        if places <= 0:
            raise ApiError(409, "slot_full", "this slot is fully booked")
    data = req.model_dump(mode="json")
    return _store(engine, "appointment", terminal, req.hall_id, req.appointment_id, time.time(), data)


@router.post("/ratings", response_model=Stored, responses=refusals(409))
def rating(req: RatingIn, terminal: Terminal, engine: Db) -> Stored:
    return _store(engine, "rating", terminal, req.hall_id, req.visit_id, time.time(), req.model_dump())


# Terminal transactions (the outbox's kinds) that are visits to a hall as well.
VISIT_KINDS = {"queue_ticket": "ticket", "appointment": "appointment"}


def projection(kind: str, txn_id: str, terminal: str, payload: dict[str, Any]) -> dict[str, Any] | None:
    """The visits row a synced transaction stands for, None if it is no visit; ValueError if malformed.

    A ticket printed offline reaches the bureau only through the outbox, so this is how the
    comfort index counts it. Keyed by the transaction id: ingest stores each one once.
    """
    visit = VISIT_KINDS.get(kind)
    if visit == "ticket":
        if not payload.get("hall_id"):
            return None  # from a terminal that does not say its hall: not countable
        ticket = TicketIn.model_validate({"hall_id": payload["hall_id"], "number": payload.get("number"),
                                          "service_id": str(payload.get("business", "")),
                                          "issued_at": payload.get("issued_at")})
        return dict(kind=visit, terminal_id=terminal, hall_id=ticket.hall_id, key=txn_id,
                    at=ticket.issued_at.timestamp(), data=ticket.model_dump(mode="json"))
    if visit == "appointment":
        booking = AppointmentIn.model_validate(payload)
        if not idnumber.is_valid(booking.id_number):
            raise ValueError("the ID number fails its GB 11643 check")
        return dict(kind=visit, terminal_id=terminal, hall_id=booking.hall_id, key=txn_id, at=time.time(),
                    data=booking.model_dump(mode="json"))
    return None


class ComfortOut(BaseModel):
    hall_id: str
    days_observed: int = Field(description="past days with tickets (today's partial day is not counted)")
    expected_per_hour: dict[str, float] = Field(description="hour of day (00-23, local time) → expected visitors")
    hours: dict[str, Any] = Field(
        description='the counters\' hours: {"name", "open": "09:00", "close": "17:00", "days": [1..5], "zh", "en"}')
    levels: dict[str, dict[str, str]] = Field(
        description="ISO weekday → open hour (00-23) → fewer | moderate | more visitors; empty without data")
    halves: dict[str, dict[str, str]] = Field(description="ISO weekday → am | pm → level")


@router.get("/halls/{hall_id}/comfort", response_model=ComfortOut)
def comfort(hall_id: str, terminal: Terminal, engine: Db) -> ComfortOut:
    return ComfortOut(**hall.comfort(engine, hall_id))


class HelpIn(BaseModel):
    request_id: str = Field(min_length=1, max_length=64,
                            description="the terminal's id for this call: a resend is one call")
    how: str = Field(default="staff", pattern="^(staff|video)$", description="come over (staff) or a video call")


@router.post("/halls/{hall_id}/help")
def ask_help(hall_id: str, req: HelpIn, terminal: Terminal, engine: Db) -> dict[str, Any]:
    """呼叫工作人员: the hall display shows which terminal needs someone."""
    if not 1 <= len(hall_id) <= 32:
        raise ApiError(422, "invalid_hall", "a hall id has 1 to 32 characters")
    new = hall.ask_help(engine, hall_id, terminal, req.request_id, req.how)
    return {"hall_id": hall_id, "request_id": req.request_id, "duplicate": not new}


class SlotOut(BaseModel):
    slot: str = Field(description="local start, 2026-12-08T09:00 (an hour)")
    capacity: int
    left: int


@router.get("/halls/{hall_id}/slots", response_model=list[SlotOut])
def slots(hall_id: str, terminal: Terminal, engine: Db) -> list[SlotOut]:
    """The bookable hours of the next open days with the places left."""
    return [SlotOut(**s) for s in booking.slots(engine, hall_id)]


class PersonIn(BaseModel):
    hall_id: str = Field(min_length=1, max_length=32)
    id_number: str = Field(max_length=18)
    appointment_id: str = Field(default="", max_length=64)


@router.post("/appointments/of-person")
def of_person(req: PersonIn, terminal: Terminal, engine: Db) -> list[dict[str, Any]]:
    """The bookings to come of the person whose ID card is on the terminal (查询/取消/改约)."""
    dues.valid_number(req.id_number)
    return booking.of_person(engine, req.hall_id, req.id_number)


@router.post("/appointments/cancel", responses=refusals(404))
def cancel(req: PersonIn, terminal: Terminal, engine: Db) -> dict[str, Any]:
    dues.valid_number(req.id_number)
    if not booking.cancel(engine, req.hall_id, req.id_number, req.appointment_id):
        raise ApiError(404, "no_booking", "no such booking to come for this person")
    return {"appointment_id": req.appointment_id, "cancelled": True}
