"""A terminal reads and acts only for the taxpayer identified at it, during that visit."""

from __future__ import annotations

import base64
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bureau import store
from bureau.auth import add_terminal

FACE = base64.b64encode(b"\xff\xd8" + b"\x00" * 2000).decode()


@pytest.fixture
def other(terminal: Any, engine: Engine) -> Any:
    return type(terminal)(terminal.client, "T-0002", bytes.fromhex(add_terminal(engine, "T-0002")))


def verified(terminal: Any, person: dict[str, Any]) -> Any:
    """The terminal after `person` identified at it: its requests carry the session it was given."""
    res = terminal.post("/v1/identity/verify", {"id_number": person["id_number"], "name": person["name"],
                                                "face_jpeg_b64": FACE, "visit_id": "visit-1"})
    answer = res.json()
    assert answer["verified"] is True and answer["name"] == person["name"], res.text
    return terminal.with_session(answer["session_token"])


def refusal(res: Any) -> str:
    assert res.status_code == 403, res.text
    return str(res.json()["error"]["code"])


PERSONAL = ["/v1/taxpayers/{n}", "/v1/taxpayers/{n}/iit", "/v1/payments/vouchers?id_number={n}",
            "/v1/arrears?id_number={n}", "/v1/vehicles/owned?id_number={n}",
            "/v1/filings/quota?id_number={n}&period=2026-10"]


@pytest.mark.parametrize("path", PERSONAL)
def test_nothing_personal_without_a_session(terminal: Any, seeded: dict[str, Any], path: str) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    assert refusal(terminal.get(path.format(n=number))) == "taxpayer_session_required"


def test_a_terminal_cannot_read_a_taxpayer_who_identified_elsewhere(
    terminal: Any, other: Any, seeded: dict[str, Any]
) -> None:
    person = seeded["taxpayers"][0]
    here = verified(terminal, person)
    assert here.get(f"/v1/taxpayers/{person['id_number']}").status_code == 200
    stolen = other.with_session(here.session)  # the token, replayed by another terminal's signed request
    assert refusal(stolen.get(f"/v1/taxpayers/{person['id_number']}")) == "taxpayer_session_unknown"
    assert refusal(other.get(f"/v1/taxpayers/{person['id_number']}")) == "taxpayer_session_required"


def test_a_session_is_for_its_taxpayer_only(terminal: Any, seeded: dict[str, Any]) -> None:
    me, someone = seeded["taxpayers"][0], seeded["taxpayers"][1]
    session = verified(terminal, me)
    for path in PERSONAL:
        assert refusal(session.get(path.format(n=someone["id_number"]))) == "not_this_taxpayer"
    cert = session.post("/v1/certificates", {"kind": "iit_certificate", "id_number": someone["id_number"],
                                             "year": 2025})
    assert refusal(cert) == "not_this_taxpayer"


def test_an_ended_session_is_refused(terminal: Any, seeded: dict[str, Any]) -> None:
    person = seeded["taxpayers"][0]
    session = verified(terminal, person)
    assert session.post("/v1/identity/session/end", {}).json() == {"ended": True}
    assert refusal(session.get(f"/v1/taxpayers/{person['id_number']}")) == "taxpayer_session_ended"


def test_an_expired_session_is_refused(terminal: Any, seeded: dict[str, Any], engine: Engine) -> None:
    person = seeded["taxpayers"][0]
    session = verified(terminal, person)
    with engine.begin() as conn:
        conn.execute(store.taxpayer_sessions.update().values(expires_at=sa.func.abs(0)))
    assert refusal(session.get(f"/v1/taxpayers/{person['id_number']}")) == "taxpayer_session_ended"


def test_the_database_holds_no_usable_token(terminal: Any, seeded: dict[str, Any], engine: Engine) -> None:
    session = verified(terminal, seeded["taxpayers"][0])
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(store.taxpayer_sessions.select())]
    assert len(rows) == 1 and session.session not in str(rows)
    assert rows[0]["terminal_id"] == terminal.terminal_id and rows[0]["visit_id"] == "visit-1"


def test_a_refused_verification_opens_no_session(terminal: Any, seeded: dict[str, Any], engine: Engine) -> None:
    person = seeded["taxpayers"][0]
    res = terminal.post("/v1/identity/verify", {"id_number": person["id_number"], "name": "王五",
                                                "face_jpeg_b64": FACE}).json()
    assert res["verified"] is False and res["session_token"] is None and res["name"] is None
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(store.taxpayer_sessions)).scalar() == 0


def test_the_lookup_before_identification_shows_nothing_personal(terminal: Any, seeded: dict[str, Any]) -> None:
    person = seeded["taxpayers"][0]
    answer = terminal.post("/v1/identity/lookup", {"id_number": person["id_number"]})
    assert answer.status_code == 200, answer.text
    assert person["id_number"] not in answer.text and person["name"] not in answer.text
    assert answer.json()["name_masked"] == person["name"][0] + "*" * max(len(person["name"]) - 1, 1)
    unknown = terminal.post("/v1/identity/lookup", {"id_number": "11010519491231002X"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "taxpayer_not_found"


def test_nothing_is_done_in_another_taxpayers_name(terminal: Any, seeded: dict[str, Any]) -> None:
    me, someone = seeded["taxpayers"][0], seeded["taxpayers"][1]
    session = verified(terminal, me)
    fee = {"kind": "fee", "description": "工本费", "amount_cents": 1500}
    acts = [
        ("/v1/payments/orders", {"order_key": "K", "id_number": someone["id_number"], "items": [fee]}),
        ("/v1/invoices/quote", {"seller_id_number": someone["id_number"], "buyer_name": "某公司",
                                "lines": [{"item": "咨询", "amount_cents": 100}]}),
        ("/v1/filings", {"filing_id": "F", "hall_id": "H1", "id_number": someone["id_number"], "period": "2026-10",
                         "sales_cents": 1}),
    ]
    for path, body in acts:
        assert refusal(session.post(path, body)) == "not_this_taxpayer", path
        assert refusal(terminal.post(path, body)) == "taxpayer_session_required", path
    assert session.post("/v1/payments/orders", {**acts[0][1], "id_number": me["id_number"]}).status_code == 200


def test_the_verified_payer_may_look_up_a_family_members_insurance(terminal: Any, seeded: dict[str, Any]) -> None:
    payer, insured = seeded["taxpayers"][0], seeded["taxpayers"][1]
    path = f"/v1/social-insurance/due?id_number={insured['id_number']}&insurance=resident_medical&year=2026"
    assert refusal(terminal.get(path)) == "taxpayer_session_required"
    due = verified(terminal, payer).get(path)
    assert due.status_code == 200 and due.json()["insured_name_masked"] != insured["name"]  # named, masked
