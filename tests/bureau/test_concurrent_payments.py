"""Payer confirmations racing each other (a phone tapping twice, two orders for one debt):
the bureau takes the money once, on both storages."""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlparse

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bureau import store
from bureau.app import create_app

RACERS = 6


def race(engine: Engine, paths: list[str]) -> list[tuple[int, str]]:
    """POST every path at once, each from its own client and thread; (status, error code) each."""
    app = create_app(engine)
    clients = [TestClient(app) for _ in paths]
    barrier = threading.Barrier(len(paths))
    results: list[tuple[int, str]] = [(0, "")] * len(paths)

    def confirm(i: int) -> None:
        barrier.wait()
        res = clients[i].post(paths[i])
        body = res.json()
        results[i] = (res.status_code, body.get("error", {}).get("code", "") if isinstance(body, dict) else "")

    threads = [threading.Thread(target=confirm, args=(i,)) for i in range(len(paths))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def vouchers(engine: Engine) -> int:
    d = store.documents
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).where(d.c.kind == "payment_voucher")).scalar_one())


def test_two_orders_for_one_debt_racing_pay_once(identified: Any, seeded: dict[str, Any], engine: Engine) -> None:
    owner = seeded["arrears"][0]["id_number"]
    terminal = identified(owner)
    item = terminal.get(f"/v1/arrears?id_number={owner}").json()["items"][0]["pay_item"]
    orders = [
        terminal.post("/v1/payments/orders", {"order_key": k, "id_number": owner, "items": [item]}).json()
        for k in ("A", "B")
    ]
    paths = [urlparse(orders[i % 2]["pay_url"]).path for i in range(RACERS)]
    results = race(engine, paths)
    assert all(status in (200, 409) for status, _ in results), results
    states = {o["order_id"]: terminal.get(f"/v1/payments/orders/{o['order_id']}").json()["status"] for o in orders}
    assert sorted(states.values()) == ["paid", "pending"], states
    paid = next(order_id for order_id, s in states.items() if s == "paid")
    assert {code for status, code in results if status == 409} <= {"no_longer_due"}
    a = store.arrears
    with engine.connect() as conn:
        assert conn.execute(sa.select(a.c.paid_order_id).where(a.c.id == int(item["ref"]))).scalar() == paid
    assert vouchers(engine) == 1


def test_one_order_confirmed_many_times_at_once_settles_once(
    identified: Any, seeded: dict[str, Any], engine: Engine
) -> None:
    vehicle = seeded["vehicles"][0]
    terminal = identified(vehicle["id_number"])
    item = terminal.get(f"/v1/vehicles?vin={vehicle['vin']}").json()["pay_item"]
    o = terminal.post(
        "/v1/payments/orders", {"order_key": "V", "id_number": vehicle["id_number"], "items": [item]}
    ).json()
    results = race(engine, [urlparse(o["pay_url"]).path] * RACERS)
    assert results == [(200, "")] * RACERS
    after = terminal.get(f"/v1/vehicles?vin={vehicle['vin']}").json()
    assert after["paid_through_year"] == vehicle["paid_through_year"] + 1
    assert vouchers(engine) == 1
