"""The steps every paying service ends with: pay by QR, then the voucher, then the rating.

A paying service puts what it asks the taxpayer to pay in the context as `pay_items` (at most
five bureau order items: kind, description, amount_cents, ref) before its pay step; the pay step
opens the order (kiosk.payments) and the PaymentWatch polls it until the bureau says paid or the
taxpayer gives up. The voucher step prints the bureau's signed voucher exactly once per order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.documents.printing import DocumentPrinter
from kiosk.flow.engine import ActionError
from kiosk.flow.model import NO_LABEL, Step, StepKind, Text
from kiosk.messages import Message
from kiosk.payments import Payment, Payments
from kiosk.services.rating import rate_step
from kiosk.services.record_actions import print_issued
from taxcore.money import yuan

OPEN_ACTION = "payment.open"
VOUCHER_ACTION = "payment.voucher"
TOTAL = Text("应缴金额", "Amount to pay")

NOT_PAID = Message(QT_TRANSLATE_NOOP("Messages", "This payment was not completed."))


def pay_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    """What is being paid, item by item, and the total: the same on the confirm and pay steps."""
    items = context.get("pay_items", ())
    rows: list[tuple[Text, str | Text]] = [(Text(i["description"], i["description"]), yuan(i["amount_cents"]))
                                          for i in items]
    rows.append((TOTAL, yuan(sum(int(i["amount_cents"]) for i in items))))
    return rows


def confirm_payment_step() -> Step:
    return Step(StepKind.CONFIRM, Text("请核对缴费信息", "Please check what you are paying"), present=pay_rows,
                note=Text("确认后将显示付款二维码。", "Once you confirm, a payment code is shown."))


def pay_step() -> Step:
    return Step(
        StepKind.PAY, Text("请扫码付款", "Scan to pay"), action=OPEN_ACTION, result_key="payment", auto=True,
        present=pay_rows, qr=lambda c: (c.get("payment") or {}).get("pay_url"),
        note=Text("请用手机银行或支付应用扫描二维码付款，付款完成后本机自动继续。",
                  "Scan the code with your banking or payment app. The kiosk carries on by itself once you have paid."),
    )


def voucher_step() -> Step:
    return Step(StepKind.PRINT, Text("请取走您的缴款凭证", "Please take your payment voucher"), action=VOUCHER_ACTION,
                auto=True, present=lambda c: [(Text("缴款金额", "Amount paid"),
                                               yuan(int((c.get("payment") or {}).get("total_cents", 0))))])


def paying_steps() -> tuple[Step, ...]:
    return confirm_payment_step(), pay_step(), voucher_step(), rate_step()


def open_order(payments: Payments, context: Mapping[str, Any]) -> dict[str, Any]:
    payment = payments.open(str(context["order_key"]), str(context["service"]), str(context["id_number"]),
                            list(context["pay_items"]))
    return payment.as_context()


def print_voucher(payments: Payments, printer: DocumentPrinter, context: Mapping[str, Any]) -> Payment:
    """Print the bureau's voucher of a paid order, once per order (a retry after a failure is the reprint)."""
    order_key = str(context["order_key"])
    if not payments.ledger.get(order_key).paid:
        raise ActionError(NOT_PAID, retry=False)
    issued = {**payments.voucher(order_key), "job_id": f"voucher-{order_key}"}
    print_issued(printer, payments.ledger.outbox, {**context, "service": "payment_voucher", "issued": issued})
    return payments.voucher_printed(order_key)


def voucher_action(payments: Payments, printer: Callable[[], DocumentPrinter]) -> Callable[[Mapping[str, Any]], Any]:
    return lambda context: print_voucher(payments, printer(), context).as_context()


def items_total(items: Sequence[Mapping[str, Any]]) -> int:
    return sum(int(i["amount_cents"]) for i in items)


__all__ = ["NO_LABEL", "OPEN_ACTION", "VOUCHER_ACTION", "items_total", "open_order", "paying_steps",
           "voucher_action"]
