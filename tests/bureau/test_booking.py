"""预约办税 at the bureau: slots with capacity, a full slot refused but a resend of a booking kept,
a time that is no slot refused, the person's bookings to come and cancelling them."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from bureau import booking

PEOPLE = ["440106198001011230", "440106198505054568", "440304197007077891", "11010519491231002X"]


def _next_open_day() -> datetime.date:
    day = datetime.date.today() + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _book(terminal: Any, person: str, slot: str, appointment_id: str | None = None) -> Any:
    return terminal.post("/v1/appointments", {"appointment_id": appointment_id or str(uuid.uuid4()),
                                              "hall_id": "demo-hall", "id_number": person, "service_id": "A",
                                              "slot": slot, "phone": "13800138000"})


def test_slots_fill_up_and_free_again(terminal: Any, engine: Any) -> None:
    slot = f"{_next_open_day()}T09:00"
    offered = terminal.get("/v1/halls/demo-hall/slots").json()
    assert offered[0] == {"slot": slot, "capacity": 3, "left": 3} and len(offered) == 5 * 8
    first = str(uuid.uuid4())
    assert _book(terminal, PEOPLE[0], slot, first).status_code == 200
    for person in PEOPLE[1:3]:
        assert _book(terminal, person, slot).status_code == 200
    refused = _book(terminal, PEOPLE[3], slot)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "slot_full"
    again = _book(terminal, PEOPLE[0], slot, first)  # a resend after a lost answer is still that booking
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert _book(terminal, PEOPLE[3], f"{_next_open_day()}T08:00").json()["error"]["code"] == "not_a_slot"
    assert _book(terminal, PEOPLE[3], slot.replace("09:00", "09:00:00")).status_code == 409
    mine = terminal.post("/v1/appointments/of-person", {"hall_id": "demo-hall", "id_number": PEOPLE[0]}).json()
    assert [(b["appointment_id"], b["slot"]) for b in mine] == [(first, slot)]
    cancel = {"hall_id": "demo-hall", "id_number": PEOPLE[0], "appointment_id": first}
    assert terminal.post("/v1/appointments/cancel", cancel).json()["cancelled"] is True
    assert terminal.post("/v1/appointments/cancel", cancel).status_code == 404
    assert booking.left(engine, "demo-hall", slot) == 1
    assert _book(terminal, PEOPLE[3], slot).status_code == 200
    bad_phone = terminal.post("/v1/appointments", {"appointment_id": "x", "hall_id": "demo-hall",
                                                   "id_number": PEOPLE[3], "service_id": "A", "slot": slot,
                                                   "phone": "12345"})
    assert bad_phone.status_code == 422
