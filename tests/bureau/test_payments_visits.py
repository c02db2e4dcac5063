"""Payments (idempotent on the order key, vouchers, reprints), tickets, appointments, ratings, comfort."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote, urlparse

ITEM = {"kind": "fee", "description": "工本费", "amount_cents": 36000}  # a free-form fee: no record to check


def order(terminal: Any, number: str, key: str = "K-1", items: list[dict[str, Any]] | None = None) -> Any:
    return terminal.post("/v1/payments/orders", {"order_key": key, "id_number": number, "items": items or [ITEM]})


def test_order_pay_and_status(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    created = order(identified(number), number, items=[ITEM, {**ITEM, "amount_cents": 100}])
    assert created.status_code == 200, created.text
    o = created.json()
    assert o["status"] == "pending" and o["total_cents"] == 36100
    pay_path = urlparse(o["pay_url"]).path
    assert terminal.client.post(pay_path).json()["status"] == "paid"
    assert terminal.client.post(pay_path).json()["status"] == "paid"  # paying twice changes nothing
    status = terminal.get(f"/v1/payments/orders/{o['order_id']}").json()
    assert status["status"] == "paid" and status["paid_at"] is not None


def test_same_order_key_returns_the_same_order(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    first, again = order(identified(number), number).json(), order(identified(number), number).json()
    assert first["order_id"] == again["order_id"] and first["pay_url"] == again["pay_url"]
    other = order(identified(number), number, items=[{**ITEM, "amount_cents": 1}])
    assert other.status_code == 409 and other.json()["error"]["code"] == "key_conflict"
    assert order(identified(number), number, key="K-2").json()["order_id"] != first["order_id"]


def test_order_refusals(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    assert order(identified(number), number, items=[ITEM] * 6).status_code == 422
    assert order(identified(number), number, items=[{**ITEM, "amount_cents": 0}]).status_code == 422
    assert order(identified("123456"), "123456").json()["error"]["code"] == "invalid_id_number"
    assert terminal.get("/v1/payments/orders/PO-none").json()["error"]["code"] == "order_not_found"
    assert terminal.client.post("/sim/pay/bogus").json()["error"]["code"] == "payment_link_unknown"


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


def _next_open_day_at_ten() -> str:
    day = datetime.date.today() + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return f"{day}T10:00:00"


def test_appointments_and_ratings(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    booker = identified(number)  # an appointment is made in one's own name
    appt = {
        "appointment_id": "AP1",
        "hall_id": "H1",
        "id_number": number,
        "service_id": "x",
        "slot": _next_open_day_at_ten(),  # a bookable slot of the hall (bureau/booking.py)
    }
    assert booker.post("/v1/appointments", appt).json()["duplicate"] is False
    past = booker.post("/v1/appointments", {**appt, "appointment_id": "AP2", "slot": "2001-01-01T10:00:00Z"})
    assert past.json()["error"]["code"] == "slot_in_past"
    rate = {"visit_id": "V1", "hall_id": "H1", "stars": 5}
    assert terminal.post("/v1/ratings", rate).json()["duplicate"] is False
    assert terminal.post("/v1/ratings", rate).json()["duplicate"] is True  # a resend: the same rating
    second = terminal.post("/v1/ratings", {**rate, "stars": 1})  # one rating per visit: no second opinion
    assert second.status_code == 409 and second.json()["error"]["code"] == "key_conflict"
    assert terminal.post("/v1/ratings", {**rate, "stars": 6}).status_code == 422


def pay(terminal: Any, o: dict[str, Any]) -> None:
    assert terminal.client.post(urlparse(o["pay_url"]).path).status_code == 200


def test_paying_advances_vehicle_tax_once(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    vehicle = seeded["vehicles"][0]
    number = vehicle["id_number"]
    item = terminal.get(f"/v1/vehicles?plate={quote(vehicle['plate'])}").json()["pay_item"]
    o = order(identified(number), number, items=[item]).json()
    pay(terminal, o)
    pay(terminal, o)  # a second confirmation settles nothing more
    got = identified(number).get(f"/v1/taxpayers/{number}/vehicles").json()["items"]
    paid = next(v for v in got if v["plate"] == vehicle["plate"])["paid_through_year"]
    assert paid == vehicle["paid_through_year"] + 1


def test_only_the_payers_own_arrears_at_their_amount_can_be_ordered(
    terminal: Any, identified: Any, seeded: dict[str, Any]
) -> None:
    owner = seeded["arrears"][0]["id_number"]
    other = next(d["id_number"] for d in seeded["arrears"] if d["id_number"] != owner)
    debt = identified(owner).get(f"/v1/taxpayers/{owner}/arrears").json()["items"][0]
    theirs = identified(other).get(f"/v1/taxpayers/{other}/arrears").json()["items"][0]
    due = debt["amount_cents"] + debt["late_fee_cents"]
    line = {"kind": "arrears", "description": "欠税", "amount_cents": due, "ref": str(debt["id"])}
    refused = order(identified(owner), owner, key="K-x", items=[line, {**line, "ref": str(theirs["id"])}])
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "item_not_payable"
    short = order(identified(owner), owner, key="K-y", items=[{**line, "amount_cents": due - 1}])
    assert short.status_code == 422 and str(due) in short.json()["error"]["message"]
    o = order(identified(owner), owner, items=[line]).json()
    pay(terminal, o)
    mine = identified(owner).get(f"/v1/taxpayers/{owner}/arrears").json()["items"][0]
    assert mine["paid_order_id"] == o["order_id"]
    assert identified(other).get(f"/v1/taxpayers/{other}/arrears").json()["items"][0]["paid_order_id"] is None
    again = order(identified(owner), owner, key="K-z", items=[line])  # paid now: nothing due
    assert again.status_code == 422 and again.json()["error"]["code"] == "item_not_payable"


def test_two_orders_for_one_debt_take_the_money_once(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    owner = seeded["arrears"][0]["id_number"]
    debt = identified(owner).get(f"/v1/taxpayers/{owner}/arrears").json()["items"][0]
    line = {
        "kind": "arrears",
        "description": "欠税",
        "amount_cents": debt["amount_cents"] + debt["late_fee_cents"],
        "ref": str(debt["id"]),
    }
    first, second = (
        order(identified(owner), owner, key="A", items=[line]).json(),
        order(identified(owner), owner, key="B", items=[line]).json(),
    )
    pay(terminal, first)
    refused = terminal.client.post(urlparse(second["pay_url"]).path)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_longer_due"
    assert terminal.get(f"/v1/payments/orders/{second['order_id']}").json()["status"] == "pending"
    settled = identified(owner).get(f"/v1/taxpayers/{owner}/arrears").json()["items"][0]
    assert settled["paid_order_id"] == first["order_id"]


def test_a_paid_order_has_one_voucher_reprinted_by_order_and_by_id_number(
    terminal: Any, identified: Any, seeded: dict[str, Any]
) -> None:
    person = seeded["taxpayers"][0]
    number = person["id_number"]
    o = order(identified(number), number, items=[ITEM, {**ITEM, "description": "其他", "amount_cents": 500}]).json()
    assert o["voucher_serial"] is None
    unpaid = terminal.get(f"/v1/payments/orders/{o['order_id']}/voucher")
    assert unpaid.status_code == 409 and unpaid.json()["error"]["code"] == "order_unpaid"
    pay(terminal, o)
    status = terminal.get(f"/v1/payments/orders/{o['order_id']}").json()
    voucher = terminal.get(f"/v1/payments/orders/{o['order_id']}/voucher").json()
    assert voucher["serial"] == status["voucher_serial"] and voucher["kind"] == "payment_voucher"
    assert voucher["body"]["total_cents"] == 36500 and voucher["body"]["order_id"] == o["order_id"]
    assert [i["amount_cents"] for i in voucher["body"]["items"]] == [36000, 500]
    assert voucher["body"]["taxpayer_name"] == person["name"]
    assert terminal.get(f"/v1/payments/orders/{o['order_id']}/voucher").json() == voucher  # reprint: same
    check = terminal.post("/v1/documents/check", {"qr": voucher["qr"]}).json()
    assert check["genuine"] is True and check["kind"] == "payment_voucher"
    me = identified(person["id_number"])
    listed = me.get(f"/v1/payments/vouchers?id_number={person['id_number']}").json()["items"]
    assert listed == [voucher]
    other = seeded["taxpayers"][1]["id_number"]
    assert identified(other).get(f"/v1/payments/vouchers?id_number={other}").json()["items"] == []
    refused = me.get(f"/v1/payments/vouchers?id_number={other}")  # another taxpayer's: not with my session
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_this_taxpayer"
    unknown = "11010519491231002X"
    assert identified(unknown).get(f"/v1/payments/vouchers?id_number={unknown}").status_code == 404


def test_an_order_needs_a_registered_payer(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    res = order(identified("11010519491231002X"), "11010519491231002X")
    assert res.status_code == 404 and res.json()["error"]["code"] == "taxpayer_not_found"


def age_order(engine: Any, order_id: str, seconds: float) -> None:
    """Move an order's creation into the past, as if the taxpayer had stood there that long."""
    from bureau import store

    o = store.orders
    with engine.begin() as conn:
        conn.execute(o.update().where(o.c.order_id == order_id).values(created_at=o.c.created_at - seconds))


def test_a_cancelled_order_takes_no_payment(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    o = order(identified(seeded["taxpayers"][0]["id_number"]), seeded["taxpayers"][0]["id_number"]).json()
    cancelled = terminal.post(f"/v1/payments/orders/{o['order_id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert terminal.post(f"/v1/payments/orders/{o['order_id']}/cancel").json()["status"] == "cancelled"
    res = terminal.client.post(urlparse(o["pay_url"]).path)
    assert res.status_code == 409 and res.json()["error"]["code"] == "order_cancelled"
    status = terminal.get(f"/v1/payments/orders/{o['order_id']}").json()
    assert status["status"] == "cancelled" and status["paid_at"] is None and status["voucher_serial"] is None


def test_a_paid_order_cannot_be_cancelled(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    o = order(identified(seeded["taxpayers"][0]["id_number"]), seeded["taxpayers"][0]["id_number"]).json()
    pay(terminal, o)
    res = terminal.post(f"/v1/payments/orders/{o['order_id']}/cancel")
    assert res.status_code == 409 and res.json()["error"]["code"] == "order_paid"
    assert terminal.get(f"/v1/payments/orders/{o['order_id']}").json()["status"] == "paid"
    assert terminal.post("/v1/payments/orders/PO-none/cancel").status_code == 404


def test_a_payment_link_expires_after_its_window(
    terminal: Any, identified: Any, seeded: dict[str, Any], engine: Any
) -> None:
    from bureau.payments import PAYMENT_WINDOW_S

    o = order(identified(seeded["taxpayers"][0]["id_number"]), seeded["taxpayers"][0]["id_number"]).json()
    assert o["expires_at"] == o["created_at"] + PAYMENT_WINDOW_S
    age_order(engine, o["order_id"], PAYMENT_WINDOW_S + 1)
    assert terminal.get(f"/v1/payments/orders/{o['order_id']}").json()["status"] == "expired"
    res = terminal.client.post(urlparse(o["pay_url"]).path)
    assert res.status_code == 409 and res.json()["error"]["code"] == "payment_link_expired"
    assert terminal.post(f"/v1/payments/orders/{o['order_id']}/cancel").json()["status"] == "cancelled"
