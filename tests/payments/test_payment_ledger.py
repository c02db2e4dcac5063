"""Money is never lost or taken twice: the ledger, the order key and the bureau's word."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from bureau import store as bureau_store
from kiosk.flow.engine import ActionError
from kiosk.payments import CANCELLED, ORDERING, PAID, PENDING, VOUCHERED, PaymentLedger, Payments
from offline_queue.outbox import Outbox

Bureau = LosingClient = Any  # fixtures of conftest.py
ITEMS = [{"kind": "fee", "description": "工本费", "amount_cents": 1500}]


def bureau_orders(bureau: Bureau) -> list[Any]:
    with bureau.engine.connect() as conn:
        return list(conn.execute(sa.select(bureau_store.orders)))


def payer_pays(pay_url: str) -> requests.Response:
    return requests.post(pay_url, timeout=5)


def test_an_order_paid_by_the_payer_is_recorded_once(payments: Payments, outbox: Outbox, bureau: Bureau,
                                                      taxpayer: dict[str, Any]) -> None:
    key = payments.new_key()
    opened = payments.open(key, "clear_arrears", taxpayer["id_number"], ITEMS)
    assert opened.state == PENDING and opened.total_cents == 1500 and opened.pay_url
    assert payments.refresh(key).state == PENDING
    payer_pays(opened.pay_url)
    assert payments.refresh(key).state == PAID
    assert payments.refresh(key).state == PAID
    kinds = [r["kind"] for r in outbox.rows()]
    assert kinds.count("payment") == 1
    assert [p.order_key for p in payments.owed_vouchers()] == [key]
    assert payments.voucher_printed(key).state == VOUCHERED and payments.owed_vouchers() == []
    assert len(bureau_orders(bureau)) == 1


def test_a_lost_answer_then_asking_again_is_the_same_order(payments: Payments, client: LosingClient,
                                                           bureau: Bureau, taxpayer: dict[str, Any]) -> None:
    key = payments.new_key()
    client.lose_next = 1
    with pytest.raises(ActionError):
        payments.open(key, "vehicle_tax", taxpayer["id_number"], ITEMS)
    assert payments.ledger.get(key).state == ORDERING  # written before the bureau heard of it
    again = payments.open(key, "vehicle_tax", taxpayer["id_number"], ITEMS)  # a double tap, or "try again"
    assert again.state == PENDING
    assert len(bureau_orders(bureau)) == 1


def test_a_cancel_closes_the_order_so_it_cannot_be_paid(payments: Payments, bureau: Bureau,
                                                        taxpayer: dict[str, Any]) -> None:
    key = payments.new_key()
    opened = payments.open(key, "si_pay", taxpayer["id_number"], ITEMS)
    assert payments.abandon(key).state == CANCELLED
    assert payer_pays(str(opened.pay_url)).status_code == 409
    assert [o.status for o in bureau_orders(bureau)] == ["cancelled"]


def test_a_payment_that_beat_the_cancel_is_kept_and_owes_a_voucher(payments: Payments,
                                                                   taxpayer: dict[str, Any]) -> None:
    key = payments.new_key()
    opened = payments.open(key, "si_pay", taxpayer["id_number"], ITEMS)
    payer_pays(str(opened.pay_url))
    assert payments.abandon(key).state == PAID
    assert [p.order_key for p in payments.owed_vouchers()] == [key]


def test_after_a_restart_open_orders_are_settled_with_the_bureau(tmp_path: Any, bureau: Bureau, client: LosingClient,
                                                                 taxpayer: dict[str, Any], verified_calls: Any) -> None:
    from kiosk.bureau_calls import BureauCalls

    box = Outbox.create(tmp_path / "restart.db")
    before = Payments(PaymentLedger(box), verified_calls(taxpayer["id_number"]))
    paid_key, left_key, unsent_key = before.new_key(), before.new_key(), before.new_key()
    payer_pays(str(before.open(paid_key, "si_pay", taxpayer["id_number"], ITEMS).pay_url))
    before.open(left_key, "si_pay", taxpayer["id_number"], ITEMS)
    client.lose_next = 1
    with pytest.raises(ActionError):
        before.open(unsent_key, "si_pay", taxpayer["id_number"], ITEMS)
    box.close()  # the kiosk is killed here: the payer paid, no voucher printed

    box = Outbox.open(tmp_path / "restart.db")
    after = Payments(PaymentLedger(box), BureauCalls(client, 3.0))  # restarted: nobody is verified now
    settled = after.reconcile(at_start=True)
    assert [p.order_key for p in settled] == [paid_key]
    assert after.ledger.get(left_key).state == CANCELLED and after.ledger.get(unsent_key).state == CANCELLED
    assert sorted(o.status for o in bureau_orders(bureau)) == ["cancelled", "cancelled", "paid"]
    assert [r["kind"] for r in box.rows()].count("payment") == 1
    box.close()


def test_more_than_five_items_never_reach_the_bureau(payments: Payments, bureau: Bureau,
                                                     taxpayer: dict[str, Any]) -> None:
    with pytest.raises(ActionError):
        payments.open(payments.new_key(), "clear_arrears", taxpayer["id_number"], ITEMS * 6)
    assert bureau_orders(bureau) == []


def test_the_ledger_keeps_the_taxpayer_sealed_at_rest(tmp_path: Any, payments: Payments, outbox: Outbox,
                                                      taxpayer: dict[str, Any]) -> None:
    key = payments.new_key()
    payments.open(key, "si_pay", taxpayer["id_number"], ITEMS)
    stored = outbox.read(lambda db: db.conn.execute("SELECT request FROM payments").fetchone()[0])
    assert taxpayer["id_number"] not in stored and json.loads(stored)["items"] == ITEMS
    assert payments.ledger.request(key)["id_number"] == taxpayer["id_number"]
