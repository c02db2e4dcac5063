"""预约办税 at the bureau: a hall's bookable slots with their capacity, bookings, lookup and cancel by ID.

A slot is one hour of a day the counters are open (halls.toml), from tomorrow on, with a
capacity per hall (`slot_capacity`). A booking is confirmed only here: a full slot is refused
(409 slot_full), so a terminal online can say "booked" and mean it. A request a terminal queued
offline arrives through the outbox (a visits row like any other booking) and is counted too.
"""

from __future__ import annotations

import datetime
import tomllib
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bureau import hall, store

DAYS_AHEAD = 5  # open days offered, from tomorrow


def capacity(hall_id: str) -> int:
    table = tomllib.loads(hall.HOURS_FILE.read_text(encoding="utf-8"))
    entry = {**table["default"], **table.get("hall", {}).get(hall_id, {})}
    return int(entry.get("slot_capacity", 3))


def _active(engine: Engine, hall_id: str) -> list[tuple[str, dict[str, Any]]]:
    """Every booking of the hall not cancelled, with its visits key."""
    v = store.visits
    with engine.connect() as conn:
        rows = conn.execute(sa.select(v.c.key, v.c.data).where(v.c.kind == "appointment", v.c.hall_id == hall_id)).all()
    return [(r.key, dict(r.data)) for r in rows if not r.data.get("cancelled")]


def _minute(slot: str) -> str:
    return slot[:16]  # 2026-12-08T09:00, whatever the seconds or zone


def slots(engine: Engine, hall_id: str, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """The bookable hours of the next open days: start, capacity, how many are left."""
    today = today or datetime.date.today()
    hours = hall.hall_hours(hall_id)
    booked: dict[str, int] = {}
    for _, data in _active(engine, hall_id):
        booked[_minute(str(data["slot"]))] = booked.get(_minute(str(data["slot"])), 0) + 1
    size = capacity(hall_id)
    out: list[dict[str, Any]] = []
    day, days = today, 0
    while days < DAYS_AHEAD:
        day += datetime.timedelta(days=1)
        if day.isoweekday() not in hours["days"]:
            continue
        days += 1
        for h in hall.open_hours(hours):
            start = f"{day.isoformat()}T{h:02d}:00"
            out.append({"slot": start, "capacity": size, "left": max(0, size - booked.get(start, 0))})
    return out


def left(engine: Engine, hall_id: str, slot: str) -> int | None:
    """Places left in the slot; None if it is no bookable slot of the hall."""
    return next((s["left"] for s in slots(engine, hall_id) if s["slot"] == _minute(slot)), None)


def of_person(engine: Engine, hall_id: str, id_number: str) -> list[dict[str, Any]]:
    """The person's bookings still to come, soonest first (what 查询/取消/改约 works on)."""
    now = datetime.datetime.now().isoformat("T", "minutes")
    mine = [{"key": key, "appointment_id": d.get("appointment_id"), "slot": _minute(str(d["slot"])),
             "service_id": d.get("service_id")}
            for key, d in _active(engine, hall_id) if d.get("id_number") == id_number and _minute(str(d["slot"])) > now]
    return sorted(mine, key=lambda b: b["slot"])


def cancel(engine: Engine, hall_id: str, id_number: str, appointment_id: str) -> bool:
    """Cancel the person's booking; False if they have no such booking to come."""
    v = store.visits
    with engine.begin() as conn:
        rows = conn.execute(sa.select(v.c.id, v.c.data).where(v.c.kind == "appointment", v.c.hall_id == hall_id)).all()
        for r in rows:
            d = r.data
            if d.get("appointment_id") == appointment_id and d.get("id_number") == id_number and not d.get("cancelled"):
                conn.execute(v.update().where(v.c.id == r.id).values(data={**d, "cancelled": True}))
                return True
    return False
