"""缴纳车船税: the taxpayer identifies, picks one of the vehicles registered to them, sees the tax
the published table sets for its class and displacement and the years due, pays, gets the voucher.

The amounts and the order items are the bureau's (`GET /v1/vehicles/owned`): one item per year
due, so the terminal computes nothing. Finding a vehicle by plate or VIN typed on the on-screen
keyboard is the second way in (TODO: once the "text" form field kind lands, a step that asks
`GET /v1/vehicles?plate=|vin=`; the bureau only lets the owner pay it either way).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.bureau_calls import BureauCalls, BureauRefusal
from kiosk.flow.engine import ActionError
from kiosk.flow.model import Choice, ServiceFlow, Step, StepKind, Text, choose_one, identify_step
from kiosk.messages import Message
from kiosk.payments import MAX_ITEMS
from kiosk.services.identity import NOT_ON_FILE
from kiosk.services.paying import amount, paying_steps

LIST_ACTION = "vehicle_tax.list"
CHOOSE_ACTION = "vehicle_tax.choose"

NO_VEHICLES = Message(QT_TRANSLATE_NOOP(
    "Messages", "The tax bureau has no vehicle registered to you. If your vehicle is registered to "
                "someone else, its owner pays its tax. Please ask at the service counter."))
NOTHING_DUE = Message(QT_TRANSLATE_NOOP(
    "Messages", "The vehicle and vessel tax of your vehicles is paid up. There is nothing to pay."))

CATEGORIES = {
    "passenger_car": Text("乘用车", "Passenger car"),
    "motorcycle": Text("摩托车", "Motorcycle"),
    "medium_bus": Text("中型客车", "Medium bus"),
    "large_bus": Text("大型客车", "Large bus"),
    "truck": Text("货车", "Truck"),
}


def _category(vehicle: Mapping[str, Any]) -> Text:
    name = str(vehicle["category"])
    return CATEGORIES.get(name, Text(name, name))


def _displacement(vehicle: Mapping[str, Any]) -> str:
    litres = vehicle.get("displacement_l")
    return f"{float(litres):g} L" if litres else "—"


def _years(vehicle: Mapping[str, Any]) -> Text:
    years = [str(y) for y in vehicle["years_due"]]
    return Text("、".join(f"{y}年" for y in years), ", ".join(years))


def _label(vehicle: Mapping[str, Any]) -> Text:
    category = _category(vehicle)
    due = amount(int(vehicle["amount_due_cents"]))
    return Text(f"{vehicle['plate']}  {category.zh} {_displacement(vehicle)}\n应缴 {due}",
                f"{vehicle['plate']}  {category.en} {_displacement(vehicle)}\n{due} due")


def _choices(context: Mapping[str, Any]) -> tuple[Choice, ...]:
    return tuple(Choice(str(v["plate"]), _label(v)) for v in context.get("vehicles", ()))


def chosen_vehicle(context: Mapping[str, Any]) -> Mapping[str, Any]:
    return next(v for v in context["vehicles"] if v["plate"] == context["plate"])


def list_vehicles(bureau: BureauCalls, context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The taxpayer's vehicles that owe tax (no vehicle, or all paid, ends with a way on)."""
    try:
        answer = bureau.get(f"/v1/vehicles/owned?id_number={context['id_number']}")
    except BureauRefusal as refusal:
        raise ActionError(NOT_ON_FILE, retry=False) from refusal
    if not answer["items"]:
        raise ActionError(NO_VEHICLES, retry=False)
    owing = [v for v in answer["items"] if v["pay_items"]]
    if not owing:
        raise ActionError(NOTHING_DUE, retry=False)
    return owing


def vehicle_items(context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The bureau's order items of the chosen vehicle, oldest year first (at most five per order)."""
    return [dict(i) for i in chosen_vehicle(context)["pay_items"][:MAX_ITEMS]]


def tax_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    """What the published table says for this vehicle, and what is due."""
    v = chosen_vehicle(context)
    return [
        (Text("号牌号码", "Plate"), str(v["plate"])),
        (Text("车辆识别代号", "VIN"), str(v.get("vin") or "—")),
        (Text("车辆类别", "Class"), _category(v)),
        (Text("排气量", "Displacement"), _displacement(v)),
        (Text("年税额（按广东省税额表）", "Annual tax (Guangdong table)"), amount(int(v["annual_tax_cents"]))),
        (Text("应缴年度", "Years due"), _years(v)),
        (Text("应缴合计", "Total due"), amount(sum(int(i["amount_cents"]) for i in context["pay_items"]))),
        (Text("税额表版本", "Rate table"), str(v["rates_version"])),
    ]


def vehicle_tax_flow() -> ServiceFlow:
    return ServiceFlow(
        id="vehicle_tax", title=Text("缴纳车船税", "Vehicle and vessel tax"),
        steps=(
            dataclasses.replace(identify_step(), action=LIST_ACTION, result_key="vehicles"),
            dataclasses.replace(
                choose_one(Text("请选择要缴税的车辆", "Which vehicle are you paying for?"), "plate",
                           Text("登记在您名下的车辆", "Vehicles registered to you"), _choices),
                action=CHOOSE_ACTION, result_key="pay_items"),
            Step(StepKind.QUOTE, Text("车船税税额", "Vehicle and vessel tax due"), present=tax_rows,
                 note=Text("税额按车辆类别和排气量，依照公布的税额表计算。",
                           "The tax follows the published table for the vehicle's class and displacement.")),
            *paying_steps(),
        ),
    )


def bind_vehicle_tax(bind: Any, bureau: BureauCalls) -> None:
    bind(LIST_ACTION, lambda context: list_vehicles(bureau, context))
    bind(CHOOSE_ACTION, vehicle_items)
