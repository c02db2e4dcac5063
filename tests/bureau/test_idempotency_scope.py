"""Idempotency keys belong to the terminal that chose them: a resend is the same record, another
body under the key is a 409, and another terminal using the key (one printed on a receipt,
say) gets a record of its own and nothing of the first one's."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bureau import sessions
from bureau.auth import add_terminal


@pytest.fixture
def other(terminal: Any, engine: Engine) -> Any:
    """A second terminal of the same bureau."""
    return type(terminal)(terminal.client, "T-0002", bytes.fromhex(add_terminal(engine, "T-0002")))


def acting_for(client: Any, engine: Engine, number: str) -> Any:
    """`client`'s terminal after `number` identified at it (the session opened directly)."""
    with engine.begin() as conn:
        token, _ = sessions.open_session(conn, client.terminal_id, number.upper(), None, "face")
    return client.with_session(token)


def conflict(res: Any) -> None:
    assert res.status_code == 409, res.text
    assert res.json()["error"]["code"] == "key_conflict"


def requests_for(seeded: dict[str, Any], slot: str) -> dict[str, tuple[str, dict[str, Any], dict[str, Any]]]:
    """Per endpoint: (path, a request, the same key with another body)."""
    first = seeded["taxpayers"][0]["id_number"]
    biz = seeded["biz"][0]
    appt = {"appointment_id": "AP-7", "hall_id": "H1", "id_number": first, "service_id": "x",
            "slot": slot}
    filing = {"filing_id": "F-7", "hall_id": "H1", "id_number": biz["id_number"], "period": "2026-10",
              "sales_cents": 1}
    ticket = {"hall_id": "H1", "number": "A001", "service_id": "x", "issued_at": "2026-11-20T09:10:00+08:00"}
    return {
        "ticket": ("/v1/tickets", ticket, {**ticket, "service_id": "other"}),
        "appointment": ("/v1/appointments", appt, {**appt, "service_id": "other"}),
        "rating": ("/v1/ratings", {"visit_id": "V-7", "hall_id": "H1", "stars": 5},
                   {"visit_id": "V-7", "hall_id": "H1", "stars": 1}),
        "filing": ("/v1/filings", filing, {**filing, "sales_cents": 2}),
    }


@pytest.mark.parametrize("kind", ["ticket", "appointment", "rating", "filing"])
def test_a_resend_is_the_same_record_and_another_body_is_a_409(
    terminal: Any, seeded: dict[str, Any], engine: Engine, bookable_slot: str, kind: str
) -> None:
    path, body, changed = requests_for(seeded, bookable_slot)[kind]
    if "id_number" in body:  # done in a taxpayer's name: by their session
        terminal = acting_for(terminal, engine, body["id_number"])
    first = terminal.post(path, body)
    assert first.status_code == 200 and first.json()["duplicate"] is False, first.text
    again = terminal.post(path, body).json()
    assert again["duplicate"] is True and again["data"] == first.json()["data"]
    conflict(terminal.post(path, changed))


def test_a_reused_order_key_with_another_order_is_a_409(terminal: Any, seeded: dict[str, Any], engine: Engine) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    terminal = acting_for(terminal, engine, number)
    item = {"kind": "fee", "description": "工本费", "amount_cents": 1500}
    order = {"order_key": "K-7", "id_number": number, "items": [item]}
    assert terminal.post("/v1/payments/orders", order).status_code == 200
    conflict(terminal.post("/v1/payments/orders", {**order, "items": [{**item, "amount_cents": 1600}]}))


def test_a_key_from_a_receipt_gives_another_terminal_nothing_of_the_first_filing(
    terminal: Any, other: Any, seeded: dict[str, Any], engine: Engine
) -> None:
    victim = next(b for b in seeded["biz"] if b["monthly_tax_cents"] > 0)
    terminal = acting_for(terminal, engine, victim["id_number"])
    other = acting_for(other, engine, victim["id_number"])  # even the same person, verified at the other one
    mine = {"filing_id": "F-RECEIPT", "hall_id": "H1", "id_number": victim["id_number"], "period": "2026-10",
            "sales_cents": 1}
    filed = terminal.post("/v1/filings", mine).json()
    of_first = [filed["order"]["order_id"], filed["order"]["pay_url"], filed["data"]["filing_id"]]
    # the same key and body from another terminal: not a resend of the first terminal's filing
    again = other.post("/v1/filings", mine)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_filed"
    assert victim["id_number"] not in again.text
    # the same key for another period: a filing of its own, with its own order
    theirs = other.post("/v1/filings", {**mine, "period": "2026-11"})
    assert theirs.status_code == 200 and theirs.json()["duplicate"] is False
    for answer in (again.text, theirs.text):
        assert not [s for s in of_first if s in answer], answer


def test_an_appointment_id_reused_elsewhere_is_another_appointment(
    terminal: Any, other: Any, seeded: dict[str, Any], engine: Engine, bookable_slot: str
) -> None:
    path, body, _ = requests_for(seeded, bookable_slot)["appointment"]
    changed = {**body, "id_number": seeded["taxpayers"][1]["id_number"]}
    assert acting_for(terminal, engine, body["id_number"]).post(path, body).status_code == 200
    theirs = acting_for(other, engine, changed["id_number"]).post(path, changed)
    assert theirs.status_code == 200 and theirs.json()["duplicate"] is False
    assert body["id_number"] not in theirs.text and theirs.json()["data"]["id_number"] == changed["id_number"]


def test_an_order_key_reused_elsewhere_is_another_order(terminal: Any, other: Any, seeded: dict[str, Any],
                                                        engine: Engine) -> None:
    item = {"kind": "fee", "description": "工本费", "amount_cents": 1500}
    terminal = acting_for(terminal, engine, seeded["taxpayers"][0]["id_number"])
    other = acting_for(other, engine, seeded["taxpayers"][1]["id_number"])
    mine = terminal.post("/v1/payments/orders", {"order_key": "K-1", "id_number": seeded["taxpayers"][0]["id_number"],
                                                 "items": [item]}).json()
    theirs = other.post("/v1/payments/orders", {"order_key": "K-1", "id_number": seeded["taxpayers"][1]["id_number"],
                                                "items": [item]}).json()
    assert theirs["order_id"] != mine["order_id"] and mine["pay_url"] not in json.dumps(theirs)


def transaction(seq: int, payload: dict[str, Any], txn_id: str) -> dict[str, Any]:
    return {"id": txn_id, "seq": seq, "kind": "rating", "created_at": "2026-11-01T10:00:00", "payload": payload}


def test_a_transaction_id_resent_with_another_payload_is_rejected(terminal: Any, other: Any) -> None:
    txn_id = str(uuid.uuid4())

    def send(client: Any, payload: dict[str, Any]) -> dict[str, Any]:
        res = client.post("/v1/transactions/batch",
                          {"terminal_id": client.terminal_id, "items": [transaction(1, payload, txn_id)]})
        assert res.status_code == 200, res.text
        result: dict[str, Any] = res.json()["results"][0]
        return result

    assert send(terminal, {"stars": 5, "comment": "很好"})["status"] == "accepted"
    assert send(terminal, {"stars": 5, "comment": "很好"})["status"] == "duplicate"
    changed = send(terminal, {"stars": 1, "comment": "很好"})
    assert changed["status"] == "rejected" and "different" in str(changed["reason"])
    elsewhere = send(other, {"stars": 5, "comment": "很好"})
    assert elsewhere["status"] == "rejected" and "很好" not in json.dumps(elsewhere)
