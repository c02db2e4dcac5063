"""An order ends exactly one way: paid, or cancelled by the terminal; never both."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

ITEM = {"kind": "fee", "description": "工本费", "amount_cents": 1500}


def _order(terminal: Any, seeded: dict[str, Any], key: str) -> dict[str, Any]:
    body = {"order_key": key, "id_number": seeded["taxpayers"][0]["id_number"], "items": [ITEM]}
    return dict(terminal.post("/v1/payments/orders", body).json())


def test_a_cancelled_order_cannot_be_paid(terminal: Any, seeded: dict[str, Any]) -> None:
    o = _order(terminal, seeded, "C-1")
    cancelled = terminal.post(f"/v1/payments/orders/{o['order_id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert terminal.post(f"/v1/payments/orders/{o['order_id']}/cancel").json()["status"] == "cancelled"
    paid = terminal.client.post(urlparse(o["pay_url"]).path)
    assert paid.status_code == 409 and paid.json()["error"]["code"] == "order_cancelled"
    assert terminal.get(f"/v1/payments/orders/{o['order_id']}").json()["status"] == "cancelled"


def test_a_paid_order_cannot_be_cancelled(terminal: Any, seeded: dict[str, Any]) -> None:
    o = _order(terminal, seeded, "C-2")
    terminal.client.post(urlparse(o["pay_url"]).path)
    refused = terminal.post(f"/v1/payments/orders/{o['order_id']}/cancel")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "order_paid"
    assert terminal.post("/v1/payments/orders/PO-none/cancel").status_code == 404
