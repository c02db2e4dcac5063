"""清缴税费: list what the taxpayer owes, let them choose (at most five), pay, print the voucher."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.bureau_calls import BureauCalls
from kiosk.flow.model import Choice, FormField, ServiceFlow, Step, StepKind, Text
from kiosk.messages import Message
from kiosk.payments import MAX_ITEMS
from kiosk.services.identity import face_step, identify_and_look_up, records_of, verified_then
from kiosk.services.paying import paying_steps
from taxcore.money import yuan

LIST_ACTION = "arrears.list"
CHOOSE_ACTION = "arrears.choose"

NOTHING_OWED = Message(QT_TRANSLATE_NOOP(
    "Messages", "You have no outstanding taxes or fees. There is nothing to pay."))
TOO_MANY = Message(QT_TRANSLATE_NOOP(
    "Messages", "Please choose at most 5 items; you can pay the others straight afterwards."))


def _label(row: Mapping[str, Any]) -> Text:
    due, fee = int(row["due_cents"]), int(row["late_fee_cents"])
    zh = f"{row['tax_kind']} {row['period']}\n{yuan(due)}" + (f"（含滞纳金 {yuan(fee)}）" if fee else "")
    en = f"{row['tax_kind']} {row['period']}\n{yuan(due)}" + (f" (incl. late fee {yuan(fee)})" if fee else "")
    return Text(zh, en)


def _choices(context: Mapping[str, Any]) -> tuple[Choice, ...]:
    return tuple(Choice(str(r["id"]), _label(r)) for r in context.get("arrears", ()))


def _running_total(context: Mapping[str, Any], value: str) -> Text:
    chosen = set(value.split(",")) - {""}
    total = sum(int(r["due_cents"]) for r in context.get("arrears", ()) if str(r["id"]) in chosen)
    return Text(f"已选 {len(chosen)} 项，合计 {yuan(total)}", f"{len(chosen)} chosen, total {yuan(total)}")


def _at_most_five(value: str) -> Message | None:
    return TOO_MANY if len([v for v in value.split(",") if v]) > MAX_ITEMS else None


def list_arrears(bureau: BureauCalls, context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What is still unpaid, oldest first, each with the order item that pays it (the bureau's amount)."""
    return records_of(bureau, f"/v1/arrears?id_number={context['id_number']}", NOTHING_OWED)


def chosen_items(context: Mapping[str, Any]) -> list[dict[str, Any]]:
    chosen = set(str(context["chosen"]).split(","))
    return [dict(r["pay_item"]) for r in context["arrears"] if str(r["id"]) in chosen]


def arrears_flow() -> ServiceFlow:
    return ServiceFlow(
        id="clear_arrears", title=Text("清缴税费", "Pay outstanding taxes"),
        steps=(
            identify_and_look_up(),
            face_step(action=LIST_ACTION, result_key="arrears"),  # in one's own name only
            Step(StepKind.FORM, Text("请选择要缴纳的欠缴税费", "Choose what to pay"), action=CHOOSE_ACTION,
                 result_key="pay_items",
                 note=Text("每次最多可选5项。", "You can choose up to 5 items at a time."),
                 fields=(FormField("chosen", Text("欠缴项目", "Outstanding"), "multi", choices=_choices,
                                   validate=_at_most_five, summary=_running_total),)),
            *paying_steps(),
        ),
    )


def bind_arrears(bind: Any, bureau: BureauCalls, verify: Any) -> None:
    bind(LIST_ACTION, verified_then(verify, lambda context: list_arrears(bureau, context)))
    bind(CHOOSE_ACTION, chosen_items)
