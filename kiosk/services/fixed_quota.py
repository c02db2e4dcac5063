"""双定户申报纳税: a fixed-quota household business files last month against its quota and pays the
tax the bureau says it comes to.

identify → the bureau's quota for the period → at the quota, or the actual sales typed → confirm
(the filing) → the bureau's answer: the tax and the order item that pays it → pay → voucher; or,
when the filing needs no payment, a filing receipt.

A filing that needs no payment (the quota tax is nil and the sales stay within the quota) is a
transaction like a queue ticket: it is written to the outbox before the screen says it is filed,
and the outbox delivers it (`kind = "filing"`, the bureau files it on arrival), so it is filed
whether or not the bureau answers now; its receipt says whether it has been delivered yet. A
filing that owes tax goes to the bureau directly, because its payment needs the bureau anyway.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.bureau_calls import BureauCalls
from kiosk.documents.model import Block, Fields, Note, Title
from kiosk.documents.printing import DocumentPrinter
from kiosk.flow.engine import ActionError
from kiosk.flow.model import NO_LABEL, Choice, FormField, ServiceFlow, Step, StepKind, Text, choose_one
from kiosk.messages import Message
from kiosk.services.identity import face_step, identify_and_look_up, verified_then
from kiosk.services.paying import paying_steps
from kiosk.services.rating import rate_step
from kiosk.services.record_actions import print_document
from offline_queue.outbox import Outbox
from taxcore.masking import mask_id
from taxcore.money import yuan

QUOTA_ACTION = "fixed_quota.quota"
FILE_ACTION = "fixed_quota.file"
ITEMS_ACTION = "fixed_quota.items"
RECEIPT_ACTION = "fixed_quota.receipt"
TRANSACTION_KIND = "filing"

NOT_A_BUSINESS = Message(QT_TRANSLATE_NOOP(
    "Messages", "The tax bureau has no fixed-quota business registered to you. Please ask at the service counter."))
ALREADY_DONE = Message(QT_TRANSLATE_NOOP(
    "Messages", "{period} is already filed and paid. There is nothing more to do."))
ALREADY_FILED = Message(QT_TRANSLATE_NOOP(
    "Messages", "{period} has already been filed for this business. Please ask at the service counter."))
SALES_TOO_LOW = Message(QT_TRANSLATE_NOOP("Messages", "Please type the sales in yuan, more than 0."))

DECLARE = (Choice("quota", Text("未超过定额，按定额申报", "Within the quota: file at the quota")),
           Choice("actual", Text("超过定额，申报实际经营额", "Above the quota: declare actual sales")))


def period_due(today: datetime.date | None = None) -> str:
    """The month filed now: the one before this (filed by the 15th of the month after)."""
    first = (today or datetime.date.today()).replace(day=1)
    return (first - datetime.timedelta(days=1)).strftime("%Y-%m")


def look_up_quota(bureau: BureauCalls, context: Mapping[str, Any]) -> dict[str, Any]:
    """The quota for the period, and the filing id this filing uses (the earlier one if filed, unpaid)."""
    query = urlencode({"id_number": context["id_number"], "period": period_due()})
    quota = dict(bureau.get(f"/v1/filings/quota?{query}", refused=NOT_A_BUSINESS))
    earlier = quota.get("filing")
    if earlier and (earlier["paid"] or not earlier["tax_cents"]):
        raise ActionError(Message(ALREADY_DONE.source, {"period": quota["period"]}), retry=False)
    quota["filing_id"] = earlier["filing_id"] if earlier else str(uuid.uuid4())
    return quota


def filed_earlier(context: Mapping[str, Any]) -> bool:
    """Filed before (here or elsewhere) with its tax unpaid: it is paid now, not declared again."""
    return bool(context.get("quota", {}).get("filing"))


def sales_cents(context: Mapping[str, Any]) -> int:
    if filed_earlier(context):
        return int(context["quota"]["filing"]["sales_cents"])
    if context.get("declare") == "actual":
        return int(context["sales_yuan"]) * 100
    return int(context["quota"]["monthly_sales_quota_cents"])


def needs_no_payment(context: Mapping[str, Any]) -> bool:
    """By the published quota: no quota tax and sales within the quota (the bureau's own rule)."""
    quota = context["quota"]
    return (not filed_earlier(context) and int(quota["monthly_tax_cents"]) == 0
            and sales_cents(context) <= int(quota["monthly_sales_quota_cents"]))


def file_return(bureau: BureauCalls, outbox: Outbox | None, hall: str, context: Mapping[str, Any]) -> dict[str, Any]:
    quota = context["quota"]
    filing = {"filing_id": quota["filing_id"], "hall_id": hall[:32], "id_number": context["id_number"],
              "period": quota["period"], "sales_cents": sales_cents(context)}
    if filed_earlier(context):  # filed before, its tax unpaid: paid now with the item the bureau lists
        earlier = quota["filing"]
        item = earlier.get("pay_item")
        return {"queued": False, "txn_id": None, "tax_cents": int(earlier["tax_cents"]),
                "pay_items": [dict(item)] if item else [], **filing}
    if needs_no_payment(context) and outbox is not None:
        receipt = outbox.record(TRANSACTION_KIND, filing)  # durable now; delivered when the link allows
        return {"queued": True, "txn_id": receipt.id, "tax_cents": 0, "pay_items": [], **filing}
    answer = bureau.post("/v1/filings", filing, refused=Message(ALREADY_FILED.source, {"period": quota["period"]}))
    item = answer.get("pay_item")
    return {"queued": False, "txn_id": None, "tax_cents": int(answer["data"]["tax_cents"]),
            "pay_items": [dict(item)] if item else [], **filing}


def owes(context: Mapping[str, Any]) -> bool:
    return bool(context.get("pay_items"))


@dataclass(frozen=True)
class FilingReceipt:
    """The slip of a filing that owed nothing: what was filed, and whether the bureau has it yet."""

    kind = "filing_receipt"
    a4 = False
    hall: str
    business: str
    taxpayer_id: str
    period: str
    sales: str
    filing_id: str
    delivered: bool

    def blocks(self) -> list[Block]:
        state = ("已送达税务机关 · Delivered to the tax bureau" if self.delivered else
                 "已受理，等待送达税务机关（联网后自动上传）· Recorded, awaiting delivery to the tax bureau")
        return [
            Title("定期定额申报回执", "Fixed-quota filing receipt"),
            Fields([("办税服务厅", self.hall), ("业户名称", self.business), ("纳税人识别号", self.taxpayer_id),
                    ("所属期", self.period), ("申报经营额", self.sales), ("应纳税额", "￥0.00"),
                    ("申报编号", self.filing_id), ("状态", state)], 1),
            Note("本期无需缴税。本回执不作为完税凭证。"
                 "No tax is due for this period. This slip is not a tax certificate."),
        ]


def delivered(outbox: Outbox, txn_id: str) -> bool:
    state = outbox.read(lambda db: db.conn.execute("SELECT state FROM outbox WHERE id = ?", (txn_id,)).fetchone())
    return state is not None and state[0] == "synced"


def print_receipt(printer: DocumentPrinter, outbox: Outbox | None, hall: str,
                  context: Mapping[str, Any]) -> dict[str, Any]:
    filing = context["filing"]
    sent = not filing["queued"] or (outbox is not None and delivered(outbox, str(filing["txn_id"])))
    document = FilingReceipt(hall, str(context["quota"]["business"]), mask_id(str(context["id_number"])),
                             str(filing["period"]), yuan(int(filing["sales_cents"])), str(filing["filing_id"]), sent)
    print_document(printer, f"filing-{filing['filing_id']}", document)
    return {"delivered": sent}


def _quota_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    q = context["quota"]
    return [(Text("业户名称", "Business"), str(q["business"])), (Text("行业", "Trade"), str(q["industry"])),
            (Text("所属期", "Period"), str(q["period"])),
            (Text("月定额经营额", "Monthly sales quota"), yuan(int(q["monthly_sales_quota_cents"]))),
            (Text("月定额税额", "Monthly quota tax"), yuan(int(q["monthly_tax_cents"]))),
            *_earlier_rows(context)]


def _earlier_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    if not filed_earlier(context):
        return []
    earlier = context["quota"]["filing"]
    return [(Text("已申报经营额", "Sales filed"), yuan(int(earlier["sales_cents"]))),
            (Text("未缴税额", "Tax unpaid"), yuan(int(earlier["tax_cents"]))),
            (NO_LABEL, Text("本期已申报，税款尚未缴纳，请继续缴税。",
                            "This period is filed but its tax is unpaid. Please go on to pay it."))]


def _confirm_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    q = context["quota"]
    return [(Text("业户名称", "Business"), str(q["business"])), (Text("所属期", "Period"), str(q["period"])),
            (Text("申报经营额", "Sales declared"), yuan(sales_cents(context)))]


def _result_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    filing = context["filing"]
    rows: list[tuple[Text, str | Text]] = [(Text("所属期", "Period"), str(filing["period"])),
                                          (Text("应纳税额", "Tax due"), yuan(int(filing["tax_cents"])))]
    if filing["pay_items"]:
        rows.append((NO_LABEL, Text("申报已受理，请继续缴纳税款。",
                                    "Your filing is accepted. Please pay the tax next.")))
    elif filing["queued"]:
        rows.append((NO_LABEL, Text("本期无需缴税。申报已记录在本机，联网后自动送达税务机关。",
                                    "No tax is due. Your filing is recorded here and is delivered to the tax "
                                    "bureau automatically.")))
    else:
        rows.append((NO_LABEL, Text("本期无需缴税。", "No tax is due for this period.")))
    return rows


def _positive_yuan(value: str) -> Message | None:
    return SALES_TOO_LOW if not value.isdigit() or int(value) <= 0 else None


def _receipt_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    printed = context.get("receipt")
    rows: list[tuple[Text, str | Text]] = [(Text("所属期", "Period"), str(context["filing"]["period"]))]
    if printed is not None:
        rows.append((NO_LABEL, Text("已送达税务机关。", "Delivered to the tax bureau.") if printed["delivered"]
                     else Text("等待送达税务机关，联网后自动上传。", "Awaiting delivery to the tax bureau: it is sent "
                               "as soon as the connection allows.")))
    return rows


def fixed_quota_flow() -> ServiceFlow:
    pay = tuple(replace(step, when=owes) for step in paying_steps() if step.kind is not StepKind.RATE)
    return ServiceFlow(
        id="fixed_quota", title=Text("双定户申报纳税", "Fixed-quota business filing"),
        steps=(
            identify_and_look_up(),
            face_step(action=QUOTA_ACTION, result_key="quota"),  # a filing in one's own name only
            Step(StepKind.QUOTE, Text("本期定额", "Your quota for the period"), present=_quota_rows,
                 note=Text("经营额未超过定额的，按定额税额纳税；超过定额的，按实际经营额申报。",
                           "Within the quota you pay the quota tax; above it, declare your actual sales.")),
            replace(choose_one(Text("本期经营情况", "How were your sales?"), "declare", Text("申报方式", "Filing"),
                               DECLARE), when=lambda c: not filed_earlier(c)),
            Step(StepKind.FORM, Text("请输入本期实际经营额（元）", "Type your actual sales in yuan"),
                 when=lambda c: not filed_earlier(c) and c.get("declare") == "actual",
                 fields=(FormField("sales_yuan", Text("实际经营额（元）", "Actual sales (yuan)"), "keypad",
                                   validate=_positive_yuan, max_length=9),)),
            Step(StepKind.CONFIRM, Text("请核对申报信息", "Please check your filing"), action=FILE_ACTION,
                 result_key="filing", present=_confirm_rows,
                 note=Text("确认后即提交申报，税额由税务机关核定。", "Once you confirm, the filing is made; "
                           "the tax bureau sets the tax.")),
            Step(StepKind.QUOTE, Text("申报结果", "Your filing"), action=ITEMS_ACTION, result_key="pay_items",
                 present=_result_rows),
            *pay,
            Step(StepKind.PRINT, Text("请取走您的申报回执", "Please take your filing receipt"), action=RECEIPT_ACTION,
                 result_key="receipt", auto=True, present=_receipt_rows, when=lambda c: not owes(c)),
            rate_step(),
        ),
    )


def bind_fixed_quota(bind: Any, bureau: BureauCalls, outbox: Outbox | None, printer: Any, hall: str,
                     verify: Any) -> None:
    bind(QUOTA_ACTION, verified_then(verify, lambda context: look_up_quota(bureau, context)))
    bind(FILE_ACTION, lambda context: file_return(bureau, outbox, hall, context))
    bind(ITEMS_ACTION, lambda context: list(context["filing"]["pay_items"]))
    bind(RECEIPT_ACTION, lambda context: print_receipt(printer(), outbox, hall, context))
