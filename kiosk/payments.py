"""QR payments that are never lost and never taken twice.

Every payment this terminal starts is written to a ledger in the outbox database *before* the
bureau hears of it, under an order key that is the bureau's idempotency key. Whatever happens
next (a timeout, a lost answer, the kiosk killed while the payer pays), the row says what to
ask the bureau, and the bureau's answer is the only truth: an order is paid, pending or
cancelled, never guessed. A payment the bureau confirmed is recorded once in the outbox and owes
a voucher until one has printed; the taxpayer can have it printed later, and diagnostics lists
those still owed.

States: ordering (written, the bureau may or may not have the order) → pending (the bureau has
it, waiting for the payer) → paid (voucher owed) → vouchered; or → cancelled (the bureau agreed
nothing will be taken). These calls block: run them in workers (flow actions).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.bureau_calls import BureauCalls, BureauRefusal
from kiosk.flow.engine import ActionError
from kiosk.messages import Message
from offline_queue.outbox import Outbox

log = logging.getLogger(__name__)

ORDERING, PENDING, PAID, VOUCHERED, CANCELLED = "ordering", "pending", "paid", "vouchered", "cancelled"
OPEN_STATES = (ORDERING, PENDING)
MAX_ITEMS = 5  # the bureau's limit per order

_SCHEMA = """
CREATE TABLE IF NOT EXISTS payments (
    order_key TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    state TEXT NOT NULL,
    request TEXT NOT NULL,  -- the order as sent (sealed: it names the taxpayer)
    order_id TEXT,
    pay_url TEXT,
    total_cents INTEGER NOT NULL,
    created_ts REAL NOT NULL,
    updated_ts REAL NOT NULL,
    paid_ts REAL,
    voucher_serial TEXT,
    abandoned INTEGER NOT NULL DEFAULT 0  -- the taxpayer left: close the order at the next chance
);
CREATE INDEX IF NOT EXISTS payments_state ON payments (state)
"""

TOO_MANY_ITEMS = Message(QT_TRANSLATE_NOOP(
    "Messages", "At most 5 items can be paid at once. Please choose fewer and pay the rest afterwards."))
ORDER_REFUSED = Message(QT_TRANSLATE_NOOP(
    "Messages", "The tax bureau did not accept this payment: the amount due may have changed. "
                "Nothing was charged. Please start again or ask at the service counter."))

@dataclass(frozen=True)
class Payment:
    """One row of the ledger, as the screens and diagnostics need it (no personal data)."""

    order_key: str
    service: str
    state: str
    order_id: str | None
    pay_url: str | None
    total_cents: int
    created_ts: float
    paid_ts: float | None
    voucher_serial: str | None

    @property
    def paid(self) -> bool:
        return self.state in (PAID, VOUCHERED)

    def as_context(self) -> dict[str, Any]:
        return {"order_key": self.order_key, "order_id": self.order_id, "pay_url": self.pay_url,
                "total_cents": self.total_cents, "state": self.state, "voucher_serial": self.voucher_serial}


_COLUMNS = "order_key, service, state, order_id, pay_url, total_cents, created_ts, paid_ts, voucher_serial"


class PaymentLedger:
    """The payments table, kept in the outbox database so a payment and its transaction commit together."""

    def __init__(self, outbox: Outbox, clock: Any = time.time) -> None:
        self.outbox = outbox
        self._clock = clock

        def create(db: sqlite_utils.Database) -> None:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.conn.execute(statement)

        outbox.write(create)

    def begin(self, order_key: str, service: str, request: Mapping[str, Any]) -> Payment:
        """Write the intent durably (idempotent: a second call with the same key changes nothing)."""
        now = self._clock()
        total = sum(int(i["amount_cents"]) for i in request["items"])
        sealed = self.outbox.seal(dict(request), order_key)
        self.outbox.write(lambda db: db.conn.execute(
            "INSERT OR IGNORE INTO payments (order_key, service, state, request, total_cents, created_ts, updated_ts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (order_key, service, ORDERING, sealed, total, now, now)))
        return self.get(order_key)

    def request(self, order_key: str) -> dict[str, Any]:
        text = self.outbox.read(lambda db: db.conn.execute(
            "SELECT request FROM payments WHERE order_key = ?", (order_key,)).fetchone()[0])
        return dict(self.outbox.unseal(text, order_key))

    def get(self, order_key: str) -> Payment:
        row = self.outbox.read(lambda db: db.conn.execute(
            f"SELECT {_COLUMNS} FROM payments WHERE order_key = ?", (order_key,)).fetchone())
        if row is None:
            raise KeyError(order_key)
        return Payment(*row)

    def with_state(self, *states: str) -> list[Payment]:
        marks = ",".join("?" * len(states))
        rows = self.outbox.read(lambda db: db.conn.execute(
            f"SELECT {_COLUMNS} FROM payments WHERE state IN ({marks}) ORDER BY created_ts", states).fetchall())
        return [Payment(*r) for r in rows]

    def abandoned(self, order_key: str) -> bool:
        return bool(self.outbox.read(lambda db: db.conn.execute(
            "SELECT abandoned FROM payments WHERE order_key = ?", (order_key,)).fetchone()[0]))

    def update(self, order_key: str, **values: Any) -> Payment:
        values["updated_ts"] = self._clock()
        sets = ", ".join(f"{k} = ?" for k in values)
        self.outbox.write(lambda db: db.conn.execute(
            f"UPDATE payments SET {sets} WHERE order_key = ?", (*values.values(), order_key)))
        return self.get(order_key)

    def mark_paid(self, order_key: str, order: Mapping[str, Any]) -> Payment:
        """Paid at the bureau: the ledger row and the outbox transaction commit together, once."""
        current = self.get(order_key)
        if current.paid:
            return current
        payment = {"order_key": order_key, "order_id": order["order_id"], "service": current.service,
                   "total_cents": int(order["total_cents"]), "paid_at": order.get("paid_at")}

        def business(db: sqlite_utils.Database, receipt: Any) -> None:
            db.conn.execute(
                "UPDATE payments SET state = ?, paid_ts = ?, voucher_serial = ?, updated_ts = ?"
                " WHERE order_key = ? AND state IN (?, ?)",
                (PAID, order.get("paid_at") or self._clock(), order.get("voucher_serial"), self._clock(),
                 order_key, *OPEN_STATES))

        self.outbox.record("payment", payment, business=business)
        log.info("payment confirmed by the bureau", extra={"order_id": order["order_id"]})
        return self.get(order_key)


class Payments:
    """What the pay step and the reconciler do, each a blocking call returning the ledger row."""

    def __init__(self, ledger: PaymentLedger, bureau: BureauCalls) -> None:
        self.ledger = ledger
        self.bureau = bureau

    @staticmethod
    def new_key() -> str:
        return str(uuid.uuid4())

    def open(self, order_key: str, service: str, id_number: str, items: Sequence[Mapping[str, Any]]) -> Payment:
        """Create the order at the bureau (again, after a lost answer: the key makes it the same order)."""
        if len(items) > MAX_ITEMS:
            raise ActionError(TOO_MANY_ITEMS, retry=False)
        request = {"order_key": order_key, "id_number": id_number, "items": [dict(i) for i in items]}
        payment = self.ledger.begin(order_key, service, request)
        if payment.state != ORDERING:
            return self.refresh(order_key)
        return self._send_order(order_key)

    def _send_order(self, order_key: str) -> Payment:
        request = self.ledger.request(order_key)
        try:
            order = self.bureau.post("/v1/payments/orders", request)
        except BureauRefusal as refusal:
            log.warning("order refused", extra={"code": refusal.code})
            self.ledger.update(order_key, state=CANCELLED)
            raise ActionError(ORDER_REFUSED, retry=False) from refusal
        return self._apply(order_key, order)

    def refresh(self, order_key: str) -> Payment:
        """Ask the bureau how the order stands; the ledger follows the answer."""
        payment = self.ledger.get(order_key)
        if payment.state == ORDERING:
            return self._send_order(order_key)
        if payment.order_id is None or payment.state in (VOUCHERED, CANCELLED):
            return payment
        return self._apply(order_key, self.bureau.get(f"/v1/payments/orders/{payment.order_id}"))

    def cancel(self, order_key: str) -> Payment:
        """Close the order so it can no longer be paid; if it was paid meanwhile, say so (never guess)."""
        payment = self.ledger.get(order_key)
        if payment.state == ORDERING:
            payment = self._send_order(order_key)  # the bureau may have it: it must be closed there
        if payment.state != PENDING:
            return payment
        try:
            order = self.bureau.post(f"/v1/payments/orders/{payment.order_id}/cancel", {})
        except BureauRefusal as refusal:
            if refusal.code != "order_paid":
                raise
            return self.refresh(order_key)
        return self._apply(order_key, order)

    def _apply(self, order_key: str, order: Mapping[str, Any]) -> Payment:
        status = order.get("status")
        if status == "paid":
            return self.ledger.mark_paid(order_key, order)
        if status in ("cancelled", "expired"):  # closed at the bureau: it takes no payment now
            return self.ledger.update(order_key, state=CANCELLED, order_id=order["order_id"])
        return self.ledger.update(order_key, state=PENDING, order_id=order["order_id"], pay_url=order["pay_url"])

    def voucher(self, order_key: str) -> dict[str, Any]:
        """The bureau's signed voucher document for a paid order (the same one on every reprint)."""
        payment = self.ledger.get(order_key)
        return dict(self.bureau.get(f"/v1/payments/orders/{payment.order_id}/voucher"))

    def voucher_printed(self, order_key: str) -> Payment:
        return self.ledger.update(order_key, state=VOUCHERED)

    def abandon(self, order_key: str) -> Payment:
        """The taxpayer gave up (cancel, timeout, session end): close the order now or at the next chance."""
        self.ledger.update(order_key, abandoned=1)
        return self.cancel(order_key)

    def reconcile(self, at_start: bool = False) -> list[Payment]:
        """Close what nobody is paying any more; returns the rows found paid (their vouchers are owed).

        At start every open row is from before the restart, so its taxpayer is gone; later only
        rows marked abandoned while the bureau could not be reached.
        """
        settled = []
        for payment in self.ledger.with_state(*OPEN_STATES):
            if not at_start and not self.ledger.abandoned(payment.order_key):
                continue
            try:
                now = self.cancel(payment.order_key)
            except ActionError:
                log.info("payment not reconciled yet", extra={"order_key": payment.order_key})
                continue
            if now.paid:
                settled.append(now)
        return settled

    def owed_vouchers(self) -> list[Payment]:
        """Paid at the bureau, voucher not printed yet (shown in diagnostics, printable on request)."""
        return self.ledger.with_state(PAID)
