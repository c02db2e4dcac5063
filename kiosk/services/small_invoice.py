"""代开小额发票: the seller identifies, names the buyer (typed on the on-screen keyboard), the item
and the amount; the bureau quotes the taxes by its published rates and gives the order item that
pays them; the seller pays; the bureau issues the signed invoice and it prints with its QR.

One line per invoice at the kiosk (the bureau quotes the taxes of the whole invoice, so one line
keeps the printed tax of the line the bureau's figure). A nil tax (a tiny amount) needs no payment.
The invoice is issued once per quote: printing it again after a fault is the same invoice.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.bureau_calls import BureauCalls, BureauRefusal
from kiosk.documents.forms import SmallAmountInvoice
from kiosk.documents.model import LineItem
from kiosk.documents.printing import DocumentPrinter
from kiosk.flow.engine import ActionError
from kiosk.flow.model import NO_LABEL, Choice, FormField, ServiceFlow, Step, StepKind, Text
from kiosk.messages import Message
from kiosk.services.identity import NOT_ON_FILE, face_step, identify_and_look_up
from kiosk.services.paying import paying_steps
from kiosk.services.rating import rate_step
from kiosk.services.record_actions import print_document
from kiosk.services.record_documents import OFFICE
from taxcore import doclink
from taxcore.money import yuan

QUOTE_ACTION = "small_invoice.quote"
ITEMS_ACTION = "small_invoice.items"
ISSUE_ACTION = "small_invoice.issue"
LIMIT_YUAN = 10_000  # the bureau's limit for a self-service invoice

ITEMS = tuple(Choice(zh, Text(zh, en)) for zh, en in (
    ("*现代服务*咨询服务", "Consulting"), ("*生活服务*维修服务", "Repairs"), ("*现代服务*设计服务", "Design"),
    ("*交通运输服务*运输服务", "Transport"), ("*劳务*劳务报酬", "Labour"), ("*生活服务*家政服务", "Housekeeping"),
))

OVER_LIMIT = Message(QT_TRANSLATE_NOOP(
    "Messages", "A self-service invoice can be at most 10,000 yuan. Please type a smaller amount."))
AMOUNT_NEEDED = Message(QT_TRANSLATE_NOOP("Messages", "Please type the amount in yuan, more than 0."))
NOT_ISSUED = Message(QT_TRANSLATE_NOOP(
    "Messages", "The invoice could not be issued yet because its taxes are not paid. "
                "Please ask at the service counter."))


def _amount_problem(value: str) -> Message | None:
    if not value.isdigit() or int(value) <= 0:
        return AMOUNT_NEEDED
    return OVER_LIMIT if int(value) > LIMIT_YUAN else None


def request_quote(bureau: BureauCalls, context: Mapping[str, Any]) -> dict[str, Any]:
    body = {"seller_id_number": context["id_number"], "buyer_name": str(context["buyer_name"]).strip(),
            "lines": [{"item": context["item"], "amount_cents": int(context["amount_yuan"]) * 100}]}
    try:
        return dict(bureau.post("/v1/invoices/quote", body))
    except BureauRefusal as refusal:
        if refusal.code == "amount_over_limit":
            raise ActionError(OVER_LIMIT, retry=False) from refusal
        raise ActionError(NOT_ON_FILE, retry=False) from refusal


def invoice_form(issued: Mapping[str, Any], context: Mapping[str, Any]) -> SmallAmountInvoice:
    """The bureau's invoice as the printed form: the line without VAT, and its VAT (the bureau's)."""
    body = issued["body"]
    [line] = body["lines"]
    vat = int(body["taxes"]["vat"])
    net = int(line["amount_cents"]) - vat
    item = LineItem(str(line["item"]), "", "", net,
                    extra={"qty": "1", "price": yuan(net, symbol=False), "rate": "1%", "tax": str(vat)})
    issued_on = datetime.datetime.fromtimestamp(float(issued["issued_at"])).strftime("%Y-%m-%d")
    return SmallAmountInvoice(
        invoice_no=str(issued["serial"]), issued_on=issued_on, buyer_name=str(body["buyer_name"]), buyer_id="",
        seller_name=str(body["taxpayer_name"]), seller_id=str(context["id_number"]), items=[item],
        verify_payload=str(issued["qr"]), verify_code=doclink.code_of(str(issued["qr"])), office=OFFICE,
        remark=f"税务机关代开 · 完税订单 {body.get('tax_order_id') or '无需缴税'}")


def issue_and_print(bureau: BureauCalls, printer: DocumentPrinter, context: Mapping[str, Any]) -> dict[str, Any]:
    """Issued once per quote (asking again returns the same invoice), printed once per invoice."""
    issued = bureau.post("/v1/invoices", {"quote_id": context["quote"]["quote_id"]}, refused=NOT_ISSUED)
    printed = print_document(printer, f"invoice-{issued['serial']}", invoice_form(issued, context))
    return {**printed, "serial": issued["serial"]}


def owes(context: Mapping[str, Any]) -> bool:
    return bool(context.get("pay_items"))


def _entered_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    return [(Text("购买方", "Buyer"), str(context["buyer_name"])), (Text("项目", "Item"), str(context["item"])),
            (Text("金额（含税）", "Amount (tax included)"), yuan(int(context["amount_yuan"]) * 100))]


TAX_NAMES = {"vat": Text("增值税", "VAT"), "urban_construction": Text("城市维护建设税", "Urban construction tax"),
             "education": Text("教育费附加", "Education surcharge"),
             "local_education": Text("地方教育附加", "Local education surcharge")}


def _tax_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    quote = context["quote"]
    rows: list[tuple[Text, str | Text]] = [(Text("价税合计", "Invoice total"), yuan(int(quote["total_cents"])))]
    rows += [(TAX_NAMES.get(name, Text(name, name)), yuan(int(cents))) for name, cents in quote["taxes"].items()]
    rows.append((Text("应缴税费", "Taxes to pay"), yuan(int(quote["tax_cents"]))))
    if not quote["pay_item"]:
        rows.append((NO_LABEL, Text("本张发票无需缴税，确认后即开具。",
                                    "No tax is due on this invoice; it is issued next.")))
    return rows


def _printed_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    printed = context.get("invoice")
    if printed is None:
        return [(Text("购买方", "Buyer"), str(context["buyer_name"]))]
    return [(Text("发票号码", "Invoice number"), str(printed["serial"])),
            (NO_LABEL, Text("请在A4出纸口取走发票。", "Take it from the A4 paper tray.") if printed["paper"] == "a4"
             else Text("请在凭条出口取走发票。", "Take it from the receipt slot."))]


def small_invoice_flow() -> ServiceFlow:
    pay = tuple(replace(step, when=owes) for step in paying_steps() if step.kind is not StepKind.RATE)
    return ServiceFlow(
        id="small_invoice", title=Text("代开小额发票", "Issue a small-amount invoice"), document="small_invoice",
        steps=(
            identify_and_look_up(),
            face_step(),  # an invoice in one's own name only (税收实名制)
            Step(StepKind.FORM, Text("请输入购买方名称", "Who is the buyer?"),
                 note=Text("请输入购买方的单位名称或个人姓名。", "Type the buyer's company or personal name."),
                 fields=(FormField("buyer_name", Text("购买方名称", "Buyer's name"), "text", max_length=64),)),
            Step(StepKind.FORM, Text("请选择项目并输入金额", "What was sold, for how much?"),
                 fields=(FormField("item", Text("项目", "Item"), "choice", choices=ITEMS),
                         FormField("amount_yuan", Text("金额（元，含税）", "Amount in yuan, tax included"), "keypad",
                                   validate=_amount_problem, max_length=5))),
            Step(StepKind.CONFIRM, Text("请核对开票信息", "Please check the invoice"), action=QUOTE_ACTION,
                 result_key="quote", present=_entered_rows,
                 note=Text("确认后由税务机关按公布的税率计算税费。",
                           "Once you confirm, the tax bureau works out the taxes by its published rates.")),
            Step(StepKind.QUOTE, Text("应缴税费", "Taxes on this invoice"), action=ITEMS_ACTION, result_key="pay_items",
                 present=_tax_rows),
            *pay,
            Step(StepKind.PRINT, Text("请取走您的发票", "Please take your invoice"), action=ISSUE_ACTION,
                 result_key="invoice", auto=True, present=_printed_rows),
            rate_step(),
        ),
    )


def bind_small_invoice(bind: Any, bureau: BureauCalls, printer: Any) -> None:
    bind(QUOTE_ACTION, lambda context: request_quote(bureau, context))
    bind(ITEMS_ACTION, lambda context: [dict(context["quote"]["pay_item"])] if context["quote"]["pay_item"] else [])
    bind(ISSUE_ACTION, lambda context: issue_and_print(bureau, printer(), context))
