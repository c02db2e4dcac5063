"""缴纳社保费: for oneself or another person, an insurance, a year and a level; the bureau says
what each level costs and gives the order item that pays it; pay; the voucher.

The payer identifies (card, tax-app code or keypad); another person is named by the ID number
typed on the keypad (check digit checked as typed). The terminal computes no amount: the levels
and their items are `GET /v1/social-insurance/due`'s.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.bureau_calls import BureauCalls, BureauRefusal
from kiosk.flow.engine import ActionError
from kiosk.flow.model import Choice, FormField, ServiceFlow, Step, StepKind, Text, choose_one
from kiosk.id_entry import id_number_problem
from kiosk.messages import Message
from kiosk.services.identity import face_step, identify_and_look_up
from kiosk.services.paying import paying_steps
from taxcore.masking import mask_id
from taxcore.money import yuan

DUE_ACTION = "si_pay.due"
CHOOSE_ACTION = "si_pay.choose"

INSURANCES = (
    Choice("flexible_pension", Text("灵活就业人员养老保险", "Pension (flexible employment)")),
    Choice("resident_pension", Text("城乡居民养老保险", "Residents' pension")),
    Choice("resident_medical", Text("城乡居民医疗保险", "Residents' medical insurance")),
)
WHOM = (Choice("self", Text("为本人缴费", "For myself")), Choice("other", Text("为他人缴费", "For another person")))

INSURED_NOT_ON_FILE = Message(QT_TRANSLATE_NOOP(
    "Messages", "The tax bureau has no insured person with this ID number. Please check the number."))
NOT_PUBLISHED = Message(QT_TRANSLATE_NOOP(
    "Messages", "The amounts for {year} are not published yet. Please choose another year."))
ALREADY_PAID = Message(QT_TRANSLATE_NOOP(
    "Messages", "This insurance is already paid for {year} (level {level}). There is nothing to pay."))


def insured(context: Mapping[str, Any]) -> str:
    """Whose insurance is paid: the payer, or the other person typed in."""
    return str(context["insured_id"] if context.get("whom") == "other" else context["id_number"])


def _years(context: Mapping[str, Any]) -> tuple[Choice, ...]:
    this_year = datetime.date.today().year
    return tuple(Choice(str(y), Text(f"{y}年度", str(y))) for y in (this_year, this_year - 1))


def _insurance(value: str) -> Text:
    return next(c.label for c in INSURANCES if c.value == value)


def level_label(level: Mapping[str, Any]) -> Text:
    total = yuan(int(level["amount_cents"]))
    if int(level["base_cents"]):
        base = yuan(int(level["base_cents"]))
        return Text(f"第{level['level']}档  缴费基数 {base}/月\n全年 {total}",
                    f"Level {level['level']}  base {base}/month\n{total} a year")
    return Text(f"第{level['level']}档\n全年 {total}", f"Level {level['level']}\n{total} a year")


def _levels(context: Mapping[str, Any]) -> tuple[Choice, ...]:
    return tuple(Choice(str(lv["level"]), level_label(lv)) for lv in context["si_due"]["levels"])


def si_due(bureau: BureauCalls, context: Mapping[str, Any]) -> dict[str, Any]:
    """The levels of the chosen insurance and year for the insured person, unless it is paid already."""
    year = int(context["year"])
    query = urlencode({"id_number": insured(context), "insurance": context["insurance"], "year": year})
    try:
        due = bureau.get(f"/v1/social-insurance/due?{query}")
    except BureauRefusal as refusal:
        if refusal.code == "no_published_rates":
            raise ActionError(Message(NOT_PUBLISHED.source, {"year": year}), retry=False) from refusal
        raise ActionError(INSURED_NOT_ON_FILE, retry=False) from refusal
    if due["paid"]:
        raise ActionError(Message(ALREADY_PAID.source, {"year": year, "level": due["paid_level"]}), retry=False)
    return dict(due)


def level_items(context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The bureau's order item of the chosen level."""
    level = next(lv for lv in context["si_due"]["levels"] if str(lv["level"]) == str(context["level"]))
    return [dict(level["pay_item"])]


def _summary(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    return [(Text("参保人", "Insured person"), f"{context['si_due']['insured_name_masked']}  "
                                               f"{mask_id(insured(context))}"),
            (Text("险种", "Insurance"), _insurance(str(context["insurance"]))),
            (Text("缴费年度", "Year"), str(context["year"]))]


def si_pay_flow() -> ServiceFlow:
    return ServiceFlow(
        id="si_pay", title=Text("缴纳社保费", "Pay social insurance"),
        steps=(
            identify_and_look_up(),
            face_step(),  # the payer, verified: paying in one's own name, for oneself or another
            choose_one(Text("为谁缴费？", "Who are you paying for?"), "whom", Text("缴费对象", "Paying for"), WHOM),
            Step(StepKind.FORM, Text("请输入参保人的证件号码", "Type the insured person's ID number"),
                 when=lambda c: c.get("whom") == "other",
                 fields=(FormField("insured_id", Text("参保人证件号码", "Insured person's ID number"), "keypad",
                                   validate=id_number_problem),)),
            Step(StepKind.FORM, Text("请选择险种和缴费年度", "Choose the insurance and the year"),
                 action=DUE_ACTION, result_key="si_due",
                 fields=(FormField("insurance", Text("险种", "Insurance"), "choice", choices=INSURANCES),
                         FormField("year", Text("缴费年度", "Year"), "choice", choices=_years))),
            Step(StepKind.FORM, Text("请选择缴费档次", "Choose your contribution level"),
                 action=CHOOSE_ACTION, result_key="pay_items", present=_summary,
                 fields=(FormField("level", Text("缴费档次", "Level"), "choice", choices=_levels),)),
            *paying_steps(),
        ),
    )


def bind_si_pay(bind: Any, bureau: BureauCalls) -> None:
    bind(DUE_ACTION, lambda context: si_due(bureau, context))
    bind(CHOOSE_ACTION, level_items)
