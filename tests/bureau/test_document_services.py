"""What the kiosk's document services need beyond certificates: the SI summary and voucher reprints."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from bureau import docsign

ITEM = {"kind": "vehicle_tax", "description": "车船税 2026", "amount_cents": 36000}


def order(terminal: Any, number: str, key: str, items: list[dict[str, Any]] | None = None, paid: bool = False) -> Any:
    o = terminal.post("/v1/payments/orders", {"order_key": key, "id_number": number, "items": items or [ITEM]}).json()
    if paid:
        assert terminal.client.post(urlparse(o["pay_url"]).path).status_code == 200
    return o


def test_si_summary_is_issued_like_the_list(terminal: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    res = terminal.post("/v1/certificates", {"kind": "si_payment_summary", "id_number": number, "year": 2025})
    assert res.status_code == 200, res.text
    doc = res.json()
    assert doc["kind"] == "si_payment_summary" and len(doc["body"]["lines"]) == 36
    assert doc["body"]["total_cents"] == sum(r["personal_cents"] for r in seeded["si"] if r["id_number"] == number)
    none = terminal.post("/v1/certificates", {"kind": "si_payment_summary", "id_number": number, "year": 2024})
    assert none.status_code == 404 and none.json()["error"]["code"] == "no_records"


def test_paid_orders_and_a_voucher_reprinted_the_same(terminal: Any, seeded: dict[str, Any], engine: Any) -> None:
    number, other = seeded["taxpayers"][0]["id_number"], seeded["taxpayers"][1]["id_number"]
    pending = order(terminal, number, key="K-pending")
    paid = order(terminal, number, key="K-paid", items=[ITEM, {**ITEM, "amount_cents": 500}], paid=True)
    listed = terminal.get(f"/v1/payments/paid/{number}").json()["payments"]
    assert [p["order_id"] for p in listed] == [paid["order_id"]]  # the unpaid order is not listed
    assert listed[0]["total_cents"] == 36500 and listed[0]["items"][0]["description"] == ITEM["description"]
    first = terminal.post("/v1/payments/vouchers", {"order_id": paid["order_id"], "id_number": number}).json()
    again = terminal.post("/v1/payments/vouchers", {"order_id": paid["order_id"], "id_number": number}).json()
    assert first == again and first["kind"] == "payment_voucher"
    assert first["body"]["total_cents"] == 36500 and len(first["body"]["items"]) == 2
    claims = docsign.verify_payload(docsign.public_key_hex(engine), first["qr"])
    assert claims is not None and claims["s"] == first["serial"]
    for refused in ({"order_id": pending["order_id"], "id_number": number},
                    {"order_id": paid["order_id"], "id_number": other}):
        res = terminal.post("/v1/payments/vouchers", refused)
        assert res.status_code == 404 and res.json()["error"]["code"] == "payment_not_found"
    assert terminal.get("/v1/payments/paid/11010519491231002X").json()["error"]["code"] == "taxpayer_not_found"
