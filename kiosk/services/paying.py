"""The steps every paying service ends with: pay by QR, then the voucher, then the rating.

A paying service puts what it asks the taxpayer to pay in the context as `pay_items` (at most
five bureau order items: kind, description, amount_cents, ref) before its pay step; the pay step
opens the order (kiosk.payments) and the PaymentWatch polls it until the bureau says paid or the
taxpayer gives up. The voucher step prints the bureau's signed voucher exactly once per order.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from drivers.printer.jobs import JobState
from drivers.printer.printer import PrintOutcome
from kiosk.documents.forms import PaymentVoucher
from kiosk.documents.model import LineItem
from kiosk.documents.money import yuan
from kiosk.documents.printing import DocumentPrinter
from kiosk.flow.engine import ActionError
from kiosk.flow.model import NO_LABEL, Step, StepKind, Text
from kiosk.messages import Message
from kiosk.payments import Payment, Payments
from kiosk.services.rating import rate_step
from kiosk.services.tickets import print_failure

OPEN_ACTION = "payment.open"
VOUCHER_ACTION = "payment.voucher"
TOTAL = Text("应缴金额", "Amount to pay")

NOT_PAID = Message(QT_TRANSLATE_NOOP("Messages", "This payment was not completed."))


def amount(cents: int) -> str:
    return yuan(Decimal(cents) / 100)


def pay_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    """What is being paid, item by item, and the total: the same on the confirm and pay steps."""
    items = context.get("pay_items", ())
    rows: list[tuple[Text, str | Text]] = [(Text(i["description"], i["description"]), amount(i["amount_cents"]))
                                          for i in items]
    rows.append((TOTAL, amount(sum(int(i["amount_cents"]) for i in items))))
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
                                               amount(int((c.get("payment") or {}).get("total_cents", 0))))])


def paying_steps() -> tuple[Step, ...]:
    return confirm_payment_step(), pay_step(), voucher_step(), rate_step()


def open_order(payments: Payments, context: Mapping[str, Any]) -> dict[str, Any]:
    payment = payments.open(str(context["order_key"]), str(context["service"]), str(context["id_number"]),
                            list(context["pay_items"]))
    return payment.as_context()


def voucher_document(doc: Mapping[str, Any], office: str) -> PaymentVoucher:
    """The bureau's signed voucher (GET …/voucher) as the document we print."""
    body = doc["body"]
    paid = datetime.datetime.fromtimestamp(float(body["paid_at"]))
    items = [LineItem(name=i["description"], item=i["kind"], period=paid.strftime("%Y-%m"),
                      amount=Decimal(int(i["amount_cents"])) / 100, voucher_no=str(body["order_id"]))
             for i in body["items"]]
    return PaymentVoucher(number=str(doc["serial"]), office=office, issued_on=paid.strftime("%Y-%m-%d"),
                          taxpayer_id=str(body["id_number_masked"]), taxpayer_name=str(body["taxpayer_name"]),
                          treasury="国家金库", items=items, verify_payload=str(doc["qr"]),
                          verify_code=str(doc["serial"])[-8:])


def print_voucher(payments: Payments, printer: DocumentPrinter, office: str, order_key: str) -> Payment:
    """Print the voucher of a paid order, once per order (a retry after a failure is the reprint)."""
    payment = payments.ledger.get(order_key)
    if not payment.paid:
        raise ActionError(NOT_PAID, retry=False)
    document = voucher_document(payments.voucher(order_key), office)
    job = f"voucher-{order_key}"
    outcome = printer.print(job, document)
    if outcome.state is JobState.INCOMPLETE and not outcome.printed_now and isinstance(outcome, PrintOutcome):
        outcome = printer.receipt.reprint(job) if printer.receipt else outcome  # "try again" after a cut print
    if outcome.state not in (JobState.PRINTED, JobState.SENT):
        raise ActionError(print_failure(getattr(outcome, "reason", "")), retry=True)
    return payments.voucher_printed(order_key)


def voucher_action(payments: Payments, printer: DocumentPrinter, office: str) -> Any:
    return lambda context: print_voucher(payments, printer, office, str(context["order_key"])).as_context()


def items_total(items: Sequence[Mapping[str, Any]]) -> int:
    return sum(int(i["amount_cents"]) for i in items)


__all__ = ["NO_LABEL", "OPEN_ACTION", "VOUCHER_ACTION", "items_total", "open_order", "paying_steps",
           "voucher_action"]
