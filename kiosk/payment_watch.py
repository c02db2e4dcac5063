"""The pay step while the taxpayer pays on their phone: poll the order, count down, cancel safely.

Polls run on the TaskRunner (never the GUI thread). The bureau's answer is the only way on:
"paid" moves the flow to the voucher; cancel and the end of the countdown first close the order
at the bureau, and if the payment won that race the flow goes on to the voucher all the same.
When the bureau cannot be reached to close it, the order is marked abandoned and closed by the
reconciler once the link is back; the taxpayer is told what that means for their money.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from kiosk.flow.engine import FlowEngine
from kiosk.flow.model import Step, StepKind
from kiosk.payments import Payment, Payments
from kiosk.tasks import TaskRunner

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 2000
PAY_TIMEOUT_S = 180.0  # long enough to open a banking app, short enough not to hold the terminal


class PaymentWatch(QObject):
    countdown = Signal(str)  # the time left, for the pay step's countdown label
    notice = Signal(str, str)  # text, level ("info" / "bad") for the step's banner
    ended = Signal(str, str)  # how a pay step ended without payment: title-less message, why
    holding = Signal(bool)  # hold the idle timeout while the taxpayer pays

    def __init__(self, runner: TaskRunner, engine: FlowEngine, payments: Callable[[], Payments | None],
                 request_timeout_s: float, timeout_s: float = PAY_TIMEOUT_S, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._engine = engine
        self._payments = payments
        self.timeout_s = timeout_s
        self._request_timeout_s = request_timeout_s
        self.order_key: str | None = None
        self._deadline = 0.0
        self._in_flight = False
        self._asked = False  # the taxpayer tapped "I have paid": the next answer is told to them
        self._closing = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_INTERVAL_MS)
        self._poll.timeout.connect(self.check_now)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        engine.step_entered.connect(self._on_step_entered)
        engine.step_done.connect(self._on_step_done)

    @property
    def active(self) -> bool:
        """A pay step is waiting for the payer (taps on Next and Cancel come here, not to the engine)."""
        return self.order_key is not None

    # --- the pay step's life ---------------------------------------------------------------
    def _on_step_entered(self, step: Step) -> None:
        if step.kind is StepKind.PAY and "order_key" not in self._engine.context:
            payments = self._payments()
            self._engine.context["order_key"] = payments.new_key() if payments else ""

    def _on_step_done(self, step: Step, result: Any) -> None:
        if step.kind is not StepKind.PAY or not isinstance(result, dict):
            return
        self.order_key = str(result["order_key"])
        self._deadline = time.monotonic() + self.timeout_s
        self._closing = False
        self.holding.emit(True)
        self._poll.start()
        self._tick.start()
        QTimer.singleShot(0, self._on_tick)  # after the step is drawn again with the payment code
        if result.get("state") in ("paid", "vouchered"):
            self._paid()

    def _on_tick(self) -> None:
        left = max(0, int(self._deadline - time.monotonic() + 0.999))
        self.countdown.emit(QCoreApplication.translate("PaymentWatch", "Time left to pay: {m}:{s:02d}").format(
            m=left // 60, s=left % 60))
        if left == 0 and not self._closing:
            log.info("payment time ran out")
            self.give_up("expired")

    def _stop(self) -> None:
        self._poll.stop()
        self._tick.stop()
        self.order_key = None
        self.holding.emit(False)

    # --- asking the bureau -------------------------------------------------------------------
    def ask(self) -> None:
        """The taxpayer's "I have paid": ask the bureau now and say what it found (not 7 s of silence)."""
        if self.order_key is None or self._closing:
            return
        self._asked = True
        self.notice.emit(QCoreApplication.translate(
            "PaymentWatch", "Asking the tax bureau whether your payment has arrived…"), "info")
        self.check_now()  # a poll already under way answers the question too

    def check_now(self) -> None:
        """A poll: ask the bureau, never assume."""
        payments, key = self._payments(), self.order_key
        if payments is None or key is None or self._in_flight or self._closing:
            return
        self._in_flight = True
        self._runner.submit(lambda: payments.refresh(key), self._request_timeout_s + 1, name="payment status",
                            on_success=self._on_status, on_failure=self._on_poll_failed)

    def _on_status(self, payment: Payment) -> None:
        self._in_flight = False
        if payment.order_key != self.order_key or self._closing:
            return
        asked, self._asked = self._asked, False
        if payment.paid:
            if asked:
                self.notice.emit(QCoreApplication.translate(
                    "PaymentWatch", "Your payment has arrived. Your voucher is being printed."), "info")
            self._paid()
        elif asked:
            self.notice.emit(QCoreApplication.translate(
                "PaymentWatch", "No payment has arrived yet. If you have just paid on your phone, wait a few "
                                "seconds and tap “I have paid” again."), "bad")

    def _on_poll_failed(self, exc: Exception) -> None:
        self._in_flight = False
        self._asked = False
        if self.order_key is None or self._closing:
            return
        log.warning("payment status unknown", extra={"error": type(exc).__name__})
        self.notice.emit(QCoreApplication.translate(
            "PaymentWatch", "The connection to the tax bureau is interrupted. If you have paid, please wait: "
                            "the payment will be found as soon as the connection is back."), "bad")

    def _paid(self) -> None:
        log.info("payment confirmed, printing the voucher")
        self._stop()
        self._engine.submit({})  # the pay step's action is done: on to the voucher

    # --- giving up -------------------------------------------------------------------------
    def give_up(self, why: str) -> None:
        """Cancel tapped ("cancelled"), time ran out ("expired") or the session ended ("session")."""
        payments, key = self._payments(), self.order_key
        if payments is None or key is None or self._closing:
            return
        self._closing = True
        self._poll.stop()
        self._tick.stop()
        self.notice.emit(QCoreApplication.translate("PaymentWatch", "The time to pay is over. Closing the order…")
                         if why == "expired" else
                         QCoreApplication.translate("PaymentWatch", "Cancelling the payment, please wait…"), "info")
        self._runner.submit(lambda: payments.abandon(key), self._request_timeout_s + 1, name="payment cancel",
                            on_success=lambda p: self._closed(p, why), on_failure=lambda exc: self._unclosed(exc, why))

    def _closed(self, payment: Payment, why: str) -> None:
        if payment.paid:  # the payment arrived first: it stands, and its voucher is owed now
            self._closing = False
            self.notice.emit(QCoreApplication.translate(
                "PaymentWatch", "Your payment arrived before it could be cancelled. Your voucher is being printed."),
                "info")
            self._paid()
            return
        self._stop()
        self.ended.emit(why, QCoreApplication.translate(
            "PaymentWatch", "The time to pay ran out, so the payment order was closed. Nothing was charged. "
                            "To pay, please start the service again.") if why == "expired" else
            QCoreApplication.translate("PaymentWatch", "The payment was cancelled. Nothing was charged."))

    def _unclosed(self, exc: Exception, why: str) -> None:
        log.warning("payment could not be cancelled now; the reconciler will close it", extra={
            "error": type(exc).__name__})
        self._stop()
        self.ended.emit(why, QCoreApplication.translate(
            "PaymentWatch", "The payment could not be cancelled right now because the tax bureau cannot be reached. "
                            "It will be cancelled as soon as the connection is back. If you did pay, your payment is "
                            "kept and you can print its voucher later with “Reprint a payment voucher”."))
