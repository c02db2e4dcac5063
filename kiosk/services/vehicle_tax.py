"""缴纳车船税: find the vehicle, see the tax the published table sets for its class and displacement
and the years due, pay, take the voucher.

Two ways to find it: identify and pick one of the vehicles registered to you, or type its plate or
VIN on the on-screen keyboard (the tax shows first; then its owner identifies, because only the
owner pays a vehicle's tax). The amounts and the order items are the bureau's, one item per year
due (`GET /v1/vehicles/owned`, `GET /v1/vehicles?plate=|vin=`): the terminal computes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.bureau_calls import BureauCalls
from kiosk.flow.engine import ActionError
from kiosk.flow.model import Choice, FormField, ServiceFlow, Step, StepKind, Text, choose_one
from kiosk.messages import Message
from kiosk.payments import MAX_ITEMS
from kiosk.services.identity import NOT_ON_FILE, face_step, identify_and_look_up, records_of, verified_then
from kiosk.services.paying import paying_steps
from taxcore.money import yuan

LIST_ACTION = "vehicle_tax.list"
CHOOSE_ACTION = "vehicle_tax.choose"
LOOKUP_ACTION = "vehicle_tax.lookup"
ITEMS_ACTION = "vehicle_tax.items"
OWNER_ACTION = "vehicle_tax.owner"
VIN_LENGTH = 17

NO_VEHICLES = Message(QT_TRANSLATE_NOOP(
    "Messages", "The tax bureau has no vehicle registered to you. If your vehicle is registered to "
                "someone else, its owner pays its tax. Please ask at the service counter."))
NOT_FOUND = Message(QT_TRANSLATE_NOOP(
    "Messages", "No vehicle with this plate or VIN is registered. Please check what you typed."))
PAID_UP = Message(QT_TRANSLATE_NOOP(
    "Messages", "The vehicle and vessel tax of this vehicle is paid up. There is nothing to pay."))
NOT_OWNER = Message(QT_TRANSLATE_NOOP(
    "Messages", "This vehicle is not registered to you: only its owner can pay its tax here. "
                "Please ask the owner, or ask at the service counter."))
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
    due = yuan(int(vehicle["amount_due_cents"]))
    return Text(f"{vehicle['plate']}  {category.zh} {_displacement(vehicle)}\n应缴 {due}",
                f"{vehicle['plate']}  {category.en} {_displacement(vehicle)}\n{due} due")


def _choices(context: Mapping[str, Any]) -> tuple[Choice, ...]:
    return tuple(Choice(str(v["plate"]), _label(v)) for v in context.get("vehicles", ()))


FIND = (Choice("mine", Text("登记在我名下的车辆\n（出示身份证件）", "A vehicle registered to me\n(show your ID)")),
        Choice("typed", Text("输入号牌号码或车辆识别代号", "Type the plate or the VIN")))


def by_plate(context: Mapping[str, Any]) -> bool:
    return context.get("find") == "typed"


def by_owner(context: Mapping[str, Any]) -> bool:
    return not by_plate(context)


def chosen_vehicle(context: Mapping[str, Any]) -> Mapping[str, Any]:
    return next(v for v in context["vehicles"] if v["plate"] == context["plate"])


def look_up_vehicle(bureau: BureauCalls, context: Mapping[str, Any]) -> dict[str, Any]:
    """The vehicle with the typed plate (粤A12345) or VIN (17 characters), if it owes tax."""
    typed = "".join(str(context["plate_or_vin"]).split()).upper()
    key = "vin" if len(typed) == VIN_LENGTH and typed.isalnum() and typed.isascii() else "plate"
    vehicle = dict(bureau.get(f"/v1/vehicles?{urlencode({key: typed})}", refused=NOT_FOUND))
    if not vehicle["pay_items"]:
        raise ActionError(PAID_UP, retry=False)
    return vehicle


def confirm_owner(bureau: BureauCalls, context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The identified person owns the vehicle found: its items, else a message (the bureau would refuse)."""
    plate = context["vehicle"]["plate"]
    owned = bureau.get(f"/v1/vehicles/owned?id_number={context['id_number']}", refused=NOT_ON_FILE)["items"]
    mine = [v for v in owned if v["plate"] == plate]
    if not mine:
        raise ActionError(NOT_OWNER, retry=False)
    return [dict(i) for i in mine[0]["pay_items"][:MAX_ITEMS]]


def list_vehicles(bureau: BureauCalls, context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The taxpayer's vehicles that owe tax (no vehicle, or all paid, ends with a way on)."""
    owned = records_of(bureau, f"/v1/vehicles/owned?id_number={context['id_number']}", NO_VEHICLES)
    owing = [v for v in owned if v["pay_items"]]
    if not owing:
        raise ActionError(NOTHING_DUE, retry=False)
    return owing


def vehicle_items(context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The bureau's order items of the vehicle, oldest year first (at most five per order)."""
    return [dict(i) for i in context["vehicle"]["pay_items"][:MAX_ITEMS]]


def tax_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    """What the published table says for this vehicle, and what is due."""
    v = context["vehicle"]
    return [
        (Text("号牌号码", "Plate"), str(v["plate"])),
        (Text("车辆识别代号", "VIN"), str(v.get("vin") or "—")),
        (Text("车辆类别", "Class"), _category(v)),
        (Text("排气量", "Displacement"), _displacement(v)),
        (Text("年税额（按广东省税额表）", "Annual tax (Guangdong table)"), yuan(int(v["annual_tax_cents"]))),
        (Text("应缴年度", "Years due"), _years(v)),
        (Text("应缴合计", "Total due"), yuan(sum(int(i["amount_cents"]) for i in v["pay_items"][:MAX_ITEMS]))),
        (Text("税额表版本", "Rate table"), str(v["rates_version"])),
    ]


def vehicle_tax_flow() -> ServiceFlow:
    return ServiceFlow(
        id="vehicle_tax", title=Text("缴纳车船税", "Vehicle and vessel tax"),
        steps=(
            choose_one(Text("如何查找您的车辆？", "How shall we find your vehicle?"), "find",
                       Text("查找方式", "Find it by"), FIND),
            replace(identify_and_look_up(), when=by_owner),
            replace(face_step(action=LIST_ACTION, result_key="vehicles"), when=by_owner),
            replace(choose_one(Text("请选择要缴税的车辆", "Which vehicle are you paying for?"), "plate",
                               Text("登记在您名下的车辆", "Vehicles registered to you"), _choices),
                    action=CHOOSE_ACTION, result_key="vehicle", when=by_owner),
            Step(StepKind.FORM, Text("请输入号牌号码或车辆识别代号", "Type the plate or the VIN"),
                 action=LOOKUP_ACTION, result_key="vehicle", when=by_plate,
                 note=Text("号牌号码如“粤A12345”；车辆识别代号为17位，见行驶证。",
                           "A plate like 粤A12345, or the 17-character VIN on the vehicle licence."),
                 fields=(FormField("plate_or_vin", Text("号牌或识别代号", "Plate or VIN"), "text",
                                   max_length=VIN_LENGTH),)),
            Step(StepKind.QUOTE, Text("车船税税额", "Vehicle and vessel tax due"), present=tax_rows,
                 action=ITEMS_ACTION, result_key="pay_items",
                 note=Text("税额按车辆类别和排气量，依照公布的税额表计算。",
                           "The tax follows the published table for the vehicle's class and displacement.")),
            replace(identify_and_look_up(), title=Text("请车主出示身份证件", "The owner, please show who you are"),
                    when=by_plate),
            replace(face_step(action=OWNER_ACTION, result_key="pay_items"), when=by_plate),
            *paying_steps(),
        ),
    )


def bind_vehicle_tax(bind: Any, bureau: BureauCalls, verify: Any) -> None:
    bind(LIST_ACTION, verified_then(verify, lambda context: list_vehicles(bureau, context)))
    bind(CHOOSE_ACTION, lambda context: dict(chosen_vehicle(context)))
    bind(LOOKUP_ACTION, lambda context: look_up_vehicle(bureau, context))
    bind(ITEMS_ACTION, vehicle_items)
    bind(OWNER_ACTION, verified_then(verify, lambda context: confirm_owner(bureau, context)))
