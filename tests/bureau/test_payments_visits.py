"""Payments (idempotent on the order key), invoices, tickets, appointments, ratings, filings, comfort."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

ITEM = {"kind": "vehicle_tax", "description": "车船税 2026", "amount_cents": 36000}


def order(terminal: Any, number: str, key: str = "K-1", items: list[dict[str, Any]] | None = None) -> Any:
    return terminal.post(
        "/v1/payments/orders", {"order_key": key, "id_number": number, "items": items or [ITEM]}
    )


def test_order_pay_and_status(terminal: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    created = order(terminal, number, items=[ITEM, {**ITEM, "amount_cents": 100}])
    assert created.status_code == 200, created.text
    o = created.json()
    assert o["status"] == "pending" and o["total_cents"] == 36100
    pay_path = urlparse(o["pay_url"]).path
    assert terminal.client.post(pay_path).json()["status"] == "paid"
    assert terminal.client.post(pay_path).json()["status"] == "paid"  # paying twice changes nothing
    status = terminal.get(f"/v1/payments/orders/{o['order_id']}").json()
    assert status["status"] == "paid" and status["paid_at"] is not None


def test_same_order_key_returns_the_same_order(terminal: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    first, again = order(terminal, number).json(), order(terminal, number).json()
    assert first["order_id"] == again["order_id"] and first["pay_url"] == again["pay_url"]
    other = order(terminal, number, items=[{**ITEM, "amount_cents": 1}])
    assert other.status_code == 409 and other.json()["error"]["code"] == "order_key_conflict"
    assert order(terminal, number, key="K-2").json()["order_id"] != first["order_id"]


def test_order_refusals(terminal: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    assert order(terminal, number, items=[ITEM] * 6).status_code == 422
    assert order(terminal, number, items=[{**ITEM, "amount_cents": 0}]).status_code == 422
    assert order(terminal, "123456").json()["error"]["code"] == "invalid_id_number"
    assert terminal.get("/v1/payments/orders/PO-none").json()["error"]["code"] == "order_not_found"
    assert terminal.client.post("/sim/pay/bogus").json()["error"]["code"] == "payment_link_unknown"


def test_invoice_issue_and_check(terminal: Any, seeded: dict[str, Any]) -> None:
    seller = seeded["taxpayers"][3]["id_number"]
    body = {"seller_id_number": seller, "buyer_name": "某公司", "item": "咨询服务", "amount_cents": 50000}
    inv = terminal.post("/v1/invoices", body).json()
    assert inv["kind"] == "invoice" and inv["body"]["total_cents"] == 50000
    check = terminal.post("/v1/documents/check", {"qr": inv["qr"]}).json()
    assert check["genuine"] is True and check["kind"] == "invoice"
    too_big = terminal.post("/v1/invoices", {**body, "amount_cents": 10_000_01})
    assert too_big.status_code == 422 and too_big.json()["error"]["code"] == "amount_over_limit"


def test_tickets_count_once_and_feed_the_comfort_index(terminal: Any) -> None:
    def ticket(n: int, at: str) -> Any:
        body = {"hall_id": "H1", "number": f"A{n:03d}", "service_id": "x", "issued_at": at}
        return terminal.post("/v1/tickets", body).json()

    assert ticket(1, "2026-11-20T09:10:00+08:00")["duplicate"] is False
    assert ticket(1, "2026-11-20T09:10:00+08:00")["duplicate"] is True
    ticket(2, "2026-11-20T09:40:00+08:00")
    ticket(3, "2026-11-21T09:05:00+08:00")
    ticket(4, "2026-11-21T14:00:00+08:00")
    comfort = terminal.get("/v1/halls/H1/comfort").json()
    assert comfort["days_observed"] == 2
    assert comfort["expected_per_hour"]["09"] == 1.5 and comfort["expected_per_hour"]["14"] == 0.5
    assert terminal.get("/v1/halls/H-empty/comfort").json()["expected_per_hour"]["09"] == 0.0


def test_appointments_and_ratings(terminal: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    appt = {
        "appointment_id": "AP1",
        "hall_id": "H1",
        "id_number": number,
        "service_id": "x",
        "slot": "2099-01-05T10:00:00+08:00",
    }
    assert terminal.post("/v1/appointments", appt).json()["duplicate"] is False
    past = terminal.post(
        "/v1/appointments", {**appt, "appointment_id": "AP2", "slot": "2001-01-01T10:00:00Z"}
    )
    assert past.json()["error"]["code"] == "slot_in_past"
    rate = {"visit_id": "V1", "hall_id": "H1", "stars": 5}
    assert terminal.post("/v1/ratings", rate).json()["duplicate"] is False
    second = terminal.post("/v1/ratings", {**rate, "stars": 1}).json()
    assert second["duplicate"] is True and second["data"]["stars"] == 5  # one rating per visit
    assert terminal.post("/v1/ratings", {**rate, "stars": 6}).status_code == 422


def test_fixed_quota_filing(terminal: Any, seeded: dict[str, Any]) -> None:
    biz = seeded["biz"][0]
    body = {
        "filing_id": "F1",
        "hall_id": "H1",
        "id_number": biz["id_number"],
        "period": "2026-10",
        "sales_cents": 1,
    }
    res = terminal.post("/v1/filings", body).json()
    assert res["data"]["tax_cents"] == biz["monthly_tax_cents"]
    over = {**body, "filing_id": "F2", "sales_cents": biz["monthly_sales_quota_cents"] * 3}
    assert (
        terminal.post("/v1/filings", over).json()["data"]["tax_cents"]
        == biz["monthly_sales_quota_cents"] * 3 // 100
    )
    nobody = terminal.post("/v1/filings", {**body, "filing_id": "F3", "id_number": "11010519491231002X"})
    assert nobody.json()["error"]["code"] == "business_not_found"


def pay(terminal: Any, o: dict[str, Any]) -> None:
    assert terminal.client.post(urlparse(o["pay_url"]).path).status_code == 200


def test_paying_advances_vehicle_tax_once(terminal: Any, seeded: dict[str, Any]) -> None:
    vehicle = seeded["vehicles"][0]
    number = vehicle["id_number"]
    o = order(terminal, number, items=[{**ITEM, "ref": vehicle["plate"]}]).json()
    pay(terminal, o)
    pay(terminal, o)  # a second confirmation settles nothing more
    got = terminal.get(f"/v1/taxpayers/{number}/vehicles").json()["items"]
    paid = next(v for v in got if v["plate"] == vehicle["plate"])["paid_through_year"]
    assert paid == vehicle["paid_through_year"] + 1


def test_paying_clears_only_the_payers_own_arrears(terminal: Any, seeded: dict[str, Any]) -> None:
    owner = seeded["arrears"][0]["id_number"]
    other = next(d["id_number"] for d in seeded["arrears"] if d["id_number"] != owner)
    debt = terminal.get(f"/v1/taxpayers/{owner}/arrears").json()["items"][0]
    theirs = terminal.get(f"/v1/taxpayers/{other}/arrears").json()["items"][0]
    line = {"kind": "arrears", "description": "欠税", "amount_cents": debt["amount_cents"]}
    o = order(
        terminal, owner, items=[{**line, "ref": str(debt["id"])}, {**line, "ref": str(theirs["id"])}]
    ).json()
    pay(terminal, o)
    mine = terminal.get(f"/v1/taxpayers/{owner}/arrears").json()["items"][0]
    assert mine["paid_order_id"] == o["order_id"]
    assert terminal.get(f"/v1/taxpayers/{other}/arrears").json()["items"][0]["paid_order_id"] is None
