"""The document services as data: 完税证明, 纳税清单, 社保费缴费清单/汇总清单 and 缴款凭证 reprints.

Each one: identify (the bureau looks the person up) → face check → choose the period (or the
payment) → confirm (the bureau issues the signed document) → print → rate. They all need the
bureau; what is printed is the bureau's signed document, never one made up on the terminal.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from kiosk.flow.model import NO_LABEL, Choice, ServiceFlow, Step, StepKind, Text, choose_one
from kiosk.services.identity import face_step, identify_and_look_up
from kiosk.services.rating import rate_step
from taxcore.masking import mask_id, mask_name
from taxcore.money import yuan

ISSUE_ACTION = "records.issue"  # the bureau issues the chosen document
PRINT_ACTION = "records.print"  # the issued document to paper (A4 or the roll)
PAYMENTS_ACTION = "records.payments"  # the taxpayer's settled payments, for a voucher reprint
YEARS_OFFERED = 3


# flow id (the catalogue's service id) → (bureau document kind, title)
DOCUMENTS: dict[str, tuple[str, Text]] = {
    "iit_certificate": ("iit_certificate", Text("个人所得税完税证明", "Income tax payment certificate")),
    "tax_record_list": ("tax_record_list", Text("个人所得税纳税清单", "Income tax record list")),
    "si_payment_list": ("si_payment_list", Text("社保费缴费清单", "Social insurance payment list")),
    "si_summary": ("si_summary", Text("社保费汇总清单", "Social insurance summary")),
    "voucher_reprint": ("payment_voucher", Text("缴款凭证", "Payment voucher")),
}

NAME = Text("姓名", "Name")
ID_NUMBER = Text("证件号码", "ID number")
PERIOD = Text("所属期间", "Period")
DOCUMENT = Text("证明种类", "Document")


def _years(context: Mapping[str, Any]) -> tuple[Choice, ...]:
    this_year = datetime.date.today().year
    return tuple(Choice(str(y), Text(f"{y}年", str(y))) for y in range(this_year, this_year - YEARS_OFFERED, -1))


def _who(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    return [(NAME, mask_name(context["taxpayer"]["name"])), (ID_NUMBER, mask_id(context["id_number"]))]


def _year_text(context: Mapping[str, Any]) -> Text:
    return Text(f"{context['year']}年1月至12月", f"January to December {context['year']}")


def _year_flow(flow_id: str) -> ServiceFlow:
    _, title = DOCUMENTS[flow_id]
    return ServiceFlow(
        id=flow_id, title=title, document=DOCUMENTS[flow_id][0],
        steps=(
            identify_and_look_up(),
            face_step(),
            choose_one(Text("请选择所属年度", "Which year do you need?"), "year", PERIOD, _years),
            Step(StepKind.CONFIRM, Text("请核对打印内容", "Please check before printing"),
                 action=ISSUE_ACTION, result_key="issued",
                 present=lambda c: [(DOCUMENT, title), *_who(c), (PERIOD, _year_text(c))]),
            _print_step(),
            rate_step(),
        ),
    )


def _print_step() -> Step:
    return Step(StepKind.PRINT, Text("请取走您的文件", "Please take your document"), action=PRINT_ACTION,
                result_key="printed", auto=True, present=_printed_rows)


def _printed_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    issued = context["issued"]
    rows: list[tuple[Text, str | Text]] = [(DOCUMENT, DOCUMENTS[context["service"]][1]),
                                          (Text("文件编号", "Number"), issued["serial"])]
    printed = context.get("printed")
    if printed is not None:
        where = (Text("请在A4出纸口取走文件。", "Take it from the A4 paper tray.") if printed["paper"] == "a4"
                 else Text("请在凭条出口取走文件。", "Take it from the receipt slot."))
        rows.append((NO_LABEL, where))
    return rows


def payment_label(payment: Mapping[str, Any]) -> Text:
    paid = datetime.datetime.fromtimestamp(float(payment["paid_at"])).strftime("%Y-%m-%d")
    what = "、".join(i["description"] for i in payment["items"])
    label = f"{paid}  {yuan(int(payment['total_cents']))}\n{what}"
    return Text(label, label)


def _payments(context: Mapping[str, Any]) -> tuple[Choice, ...]:
    return tuple(Choice(p["order_id"], payment_label(p)) for p in context["payments"])


def chosen_payment(context: Mapping[str, Any]) -> Mapping[str, Any]:
    return next(p for p in context["payments"] if p["order_id"] == context["order_id"])


def _voucher_flow() -> ServiceFlow:
    flow_id = "voucher_reprint"
    kind, title = DOCUMENTS[flow_id]
    return ServiceFlow(
        id=flow_id, title=Text("打印缴款凭证", "Reprint a payment voucher"), document=kind,
        steps=(
            identify_and_look_up(),
            face_step(action=PAYMENTS_ACTION, result_key="payments"),  # confirmed, then the payments
            choose_one(Text("请选择要打印凭证的缴款", "Which payment is the voucher for?"), "order_id",
                       Text("缴款记录", "Payment"), _payments),
            Step(StepKind.CONFIRM, Text("请核对打印内容", "Please check before printing"),
                 action=ISSUE_ACTION, result_key="issued",
                 present=lambda c: [(DOCUMENT, title), *_who(c), (Text("缴款", "Payment"),
                                                                  payment_label(chosen_payment(c)))]),
            _print_step(),
            rate_step(),
        ),
    )


def record_flows() -> list[ServiceFlow]:
    return [*(_year_flow(f) for f in ("iit_certificate", "tax_record_list", "si_payment_list", "si_summary")),
            _voucher_flow()]
