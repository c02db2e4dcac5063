"""Queue tickets and appointments synced through the outbox become the hall's visits, once each:
the comfort index counts tickets printed offline, and a malformed appointment is refused with a reason."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bureau import store

VALID_ID = "11010519491231002X"


def _item(seq: int, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "seq": seq, "kind": kind, "created_at": "2026-11-22T09:30:00+08:00",
            "payload": payload}


def _send(terminal: Any, items: list[dict[str, Any]]) -> list[str]:
    answer = terminal.post("/v1/transactions/batch", {"terminal_id": "T-0001", "items": items}).json()
    return [r["status"] for r in answer["results"]]


def _visits(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(store.visits).order_by(store.visits.c.id)).mappings()]


def test_synced_tickets_count_in_the_comfort_index_once(terminal: Any, engine: Engine) -> None:
    tickets = [_item(i + 1, "queue_ticket", {"number": f"A01-00{i + 1}", "business": "A", "station": 1,
                                             "issued_at": f"2026-11-2{i}T10:1{i}:00", "hall_id": "hall-9"})
               for i in range(3)]
    assert _send(terminal, tickets) == ["accepted"] * 3
    assert _send(terminal, tickets) == ["duplicate"] * 3  # a resend counts nothing twice
    assert [v["key"] for v in _visits(engine)] == [t["id"] for t in tickets]
    comfort = terminal.get("/v1/halls/hall-9/comfort").json()
    assert comfort["days_observed"] == 3 and comfort["expected_per_hour"]["10"] == 1.0


def test_a_ticket_without_a_hall_is_stored_but_not_counted(terminal: Any, engine: Engine) -> None:
    item = _item(1, "queue_ticket", {"number": "A01-001", "business": "A", "issued_at": "2026-11-22T10:00:00"})
    assert _send(terminal, [item]) == ["accepted"]
    assert _visits(engine) == []


def test_appointments_become_visits_and_a_malformed_one_is_refused(terminal: Any, engine: Engine) -> None:
    good = {"appointment_id": "b-1", "hall_id": "hall-9", "id_number": VALID_ID, "service_id": "A",
            "slot": "2026-12-03T10:00"}
    items = [_item(1, "appointment", good), _item(2, "appointment", good | {"id_number": "110105194912310021"}),
             _item(3, "appointment", {"hall_id": "hall-9"})]
    answer = terminal.post("/v1/transactions/batch", {"terminal_id": "T-0001", "items": items}).json()
    assert [r["status"] for r in answer["results"]] == ["accepted", "rejected", "rejected"]
    assert "GB 11643" in answer["results"][1]["reason"]
    visits = _visits(engine)
    assert len(visits) == 1 and visits[0]["kind"] == "appointment" and visits[0]["data"]["id_number"] == VALID_ID
