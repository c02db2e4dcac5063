"""预约办税: book, change or cancel a time at the hall, by ID card, from the bureau's slots.

Online the hours offered are the bureau's (each with the places left) and a booking is
"booked" only once the bureau has confirmed it. Offline the working hours are offered, the
request is durably queued in the outbox (it reaches the bureau with the next sync) and the
screen and slip say plainly that it waits for confirmation and how the outcome will be known.
A person with a booking to come may keep it, cancel it, or change it (the old one is
cancelled once the new one is confirmed).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from drivers.printer.device import ReceiptPrinterDevice
from kiosk.bureau_calls import BureauCalls, BureauRefusal
from kiosk.documents.forms import AppointmentSlip
from kiosk.flow.engine import ActionError
from kiosk.flow.model import Choice, FormField, ServiceFlow, Step, StepKind, Text, identify_step
from kiosk.messages import Message
from kiosk.services.tickets import BUSINESSES, print_slip, slip_slot
from offline_queue.outbox import Outbox
from taxcore.masking import mask_id

LOAD_ACTION = "appointment.load"
BOOK_ACTION = "appointment.book"
PRINT_ACTION = "appointment.print"
DAYS_AHEAD = 5  # working days offered offline, from tomorrow
HOURS = tuple(range(9, 17))  # offline: the usual counter hours
WEEKDAYS = (("周一", "Mon"), ("周二", "Tue"), ("周三", "Wed"), ("周四", "Thu"), ("周五", "Fri"), ("周六", "Sat"),
            ("周日", "Sun"))
SLOT_FULL = Message(QT_TRANSLATE_NOOP(
    "Messages", "That time has just been fully booked. Please go back and choose another time."))
WAYS = (Choice("new", Text("保留原预约，再约一个时间", "Keep it and book another time")),
        Choice("change", Text("改约：换一个时间", "Change it to another time")),
        Choice("cancel", Text("取消原预约", "Cancel it")))


def working_days(today: datetime.date, count: int = DAYS_AHEAD) -> list[datetime.date]:
    days: list[datetime.date] = []
    day = today
    while len(days) < count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def day_label(day: datetime.date) -> Text:
    zh, en = WEEKDAYS[day.weekday()]
    return Text(f"{day.month}月{day.day}日 {zh}", f"{en} {day.day} {day.strftime('%b')}")


def slot_label(slot: str) -> Text:
    """2026-12-08T09:00 → 12月8日 周二 上午 09:00."""
    at = datetime.datetime.fromisoformat(slot)
    day = day_label(at.date())
    half = ("上午", "morning") if at.hour < 12 else ("中午", "midday") if at.hour == 12 else ("下午", "afternoon")
    return Text(f"{day.zh} {half[0]} {at:%H:%M}", f"{day.en}, {at:%H:%M} ({half[1]})")


def _slots(context: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    loaded = context.get("loaded") or {}
    return loaded.get("slots")


def day_choices(context: Mapping[str, Any]) -> tuple[Choice, ...]:
    slots = _slots(context)
    if slots is None:
        days = working_days(context.get("today") or datetime.date.today())
    else:
        days = sorted({datetime.date.fromisoformat(s["slot"][:10]) for s in slots if s["left"] > 0})
    return tuple(Choice(d.isoformat(), day_label(d)) for d in days)


def time_choices(context: Mapping[str, Any]) -> tuple[Choice, ...]:
    slots = _slots(context)
    day = str(context.get("day", ""))
    if slots is None:
        return tuple(Choice(f"{h:02d}:00", Text(slot_label(f"{day}T{h:02d}:00").zh.split(" ", 2)[2],
                                                   f"{h:02d}:00")) for h in HOURS)
    out = []
    for s in slots:
        if s["slot"].startswith(day) and s["left"] > 0:
            label = slot_label(s["slot"])
            out.append(Choice(s["slot"][11:16], Text(f"{label.zh.split(' ', 2)[2]}（余{s['left']}个）",
                                                     f"{s['slot'][11:16]} ({s['left']} left)")))
    return tuple(out)


def phone_problem(value: str) -> Message | None:
    if value and (len(value) != 11 or not value.startswith("1")):
        return Message(QT_TRANSLATE_NOOP("Messages", "A mobile number has 11 digits and starts with 1."))
    return None


def load(bureau: BureauCalls | None, hall_id: str, context: Mapping[str, Any]) -> dict[str, Any]:
    """The bureau's slots and the person's bookings to come; offline: neither (the fixed hours are offered)."""
    if bureau is None:
        return {"slots": None, "mine": []}
    try:
        slots = bureau.get(f"/v1/halls/{hall_id}/slots")
        mine = bureau.post("/v1/appointments/of-person", {"hall_id": hall_id, "id_number": context["id_number"]})
    except ActionError:
        return {"slots": None, "mine": []}
    return {"slots": list(slots), "mine": list(mine)}


def _mine(context: Mapping[str, Any]) -> dict[str, Any] | None:
    mine = (context.get("loaded") or {}).get("mine") or []
    return mine[0] if mine else None


def _cancelling(context: Mapping[str, Any]) -> bool:
    return _mine(context) is not None and context.get("way") == "cancel"


def book(outbox: Outbox, bureau: BureauCalls | None, hall_id: str, context: Mapping[str, Any]) -> dict[str, Any]:
    """Cancel, or book (online: confirmed by the bureau; offline: a request queued durably)."""
    mine = _mine(context)
    if _cancelling(context) and mine is not None:
        if bureau is None:
            raise ActionError(Message(QT_TRANSLATE_NOOP(
                "Messages", "Cancelling needs the tax bureau, which cannot be reached right now. Please try again "
                            "later or call 12366.")), retry=True)
        _cancel(bureau, hall_id, context, mine)
        return {"cancelled": mine["slot"]}
    booking = str(uuid.uuid4())
    slot = f"{context['day']}T{context['time']}"
    payload = {"appointment_id": booking, "hall_id": hall_id, "id_number": str(context["id_number"]),
               "service_id": str(context["business"]), "slot": slot, "phone": str(context.get("phone") or "")}
    confirmed = False
    if bureau is not None and _slots(context) is not None:
        try:
            bureau.post("/v1/appointments", payload)
            confirmed = True
        except BureauRefusal as refusal:
            if refusal.code == "slot_full":
                raise ActionError(SLOT_FULL, retry=False) from refusal
            raise
        except ActionError:
            confirmed = False  # the link went: the request waits in the outbox
    receipt = None if confirmed else outbox.record("appointment", payload)  # durable before the screen speaks
    if confirmed and mine is not None and context.get("way") == "change":
        _cancel(bureau, hall_id, context, mine)  # type: ignore[arg-type]
    return {"code": booking[:8].upper(), "slot": slot, "confirmed": confirmed,
            "txn_id": receipt.id if receipt else booking, "phone": payload["phone"],
            "booked_at": datetime.datetime.now().strftime("%Y-%m-%d %H:%M")}


def _cancel(bureau: BureauCalls, hall_id: str, context: Mapping[str, Any], mine: Mapping[str, Any]) -> None:
    bureau.post("/v1/appointments/cancel", {"hall_id": hall_id, "id_number": context["id_number"],
                                            "appointment_id": mine["appointment_id"]})


def _business(letter: str) -> Text:
    return next(c.label for c in BUSINESSES if c.value == letter)


def print_appointment(printer: ReceiptPrinterDevice | None, hall: str, context: Mapping[str, Any]) -> str:
    booking = context["booking"]
    slip = AppointmentSlip(
        hall=hall, business=_business(str(context["business"])).zh, slot=slot_label(booking["slot"]).zh,
        id_number_masked=mask_id(str(context["id_number"])), booking_code=booking["code"],
        booked_at=booking["booked_at"], confirmed=bool(booking["confirmed"]), phone=bool(booking["phone"]),
    )
    return print_slip(printer, booking["txn_id"], slip)


def how_known(phone: str) -> Text:
    """How a taxpayer with an unconfirmed request learns the outcome."""
    if phone:
        return Text(f"结果将以短信通知尾号{phone[-4:]}的手机；也可凭身份证在本机「预约办税」查询。",
                    f"You will get a text message on the phone ending {phone[-4:]}; you can also check here "
                    "with your ID card (Book an appointment).")
    return Text("请联网后凭身份证在本机「预约办税」查询结果，或致电12366。",
                "Check the outcome here with your ID card (Book an appointment) later, or call 12366.")


def _summary(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    rows: list[tuple[Text, str | Text]] = [(Text("业务类型", "Service"), _business(str(context["business"])))]
    if context.get("day") and context.get("time"):
        rows.append((Text("预约时间", "Time"), slot_label(f"{context['day']}T{context['time']}")))
    if context.get("phone"):
        rows.append((Text("手机号码", "Mobile"), f"{context['phone'][:3]}****{context['phone'][-4:]}"))
    rows.append((Text("证件号码", "ID number"), mask_id(str(context["id_number"]))))
    return rows


def _existing(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    mine = _mine(context)
    return [(Text("您已预约", "Your booking"), slot_label(mine["slot"]))] if mine else []


def _confirm_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    if _cancelling(context):
        return [(Text("取消预约", "Cancel"), slot_label(_mine(context)["slot"]))]  # type: ignore[index]
    return [*_summary(context), *(_existing(context) if context.get("way") == "change" else [])]


def _outcome(context: Mapping[str, Any]) -> tuple[str, Text]:
    booking = context.get("booking") or {}
    if "cancelled" in booking:
        return "good", Text(f"已取消{slot_label(booking['cancelled']).zh}的预约。",
                            f"Your booking for {slot_label(booking['cancelled']).en} is cancelled.")
    if booking.get("confirmed"):
        return "good", Text("预约成功：税务机关已确认。", "Booked: the tax bureau has confirmed it.")
    how = how_known(booking.get("phone", ""))
    return "warn", Text("预约申请已保存，尚待税务机关确认（本机联网后自动提交）。" + how.zh,
                        "Your request is saved but not yet confirmed by the tax bureau (this terminal sends it "
                        "once the network is back). " + how.en)


def _printed_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    return [*slip_slot(context), *_summary(context)[:2],
            (Text("预约编号", "Booking code"), context["booking"]["code"])]


def appointment_flow() -> ServiceFlow:
    def booking_new(c: Mapping[str, Any]) -> bool:
        return not _cancelling(c)

    return ServiceFlow(
        id="appointment",
        title=Text("预约办税", "Book an appointment"),
        needs_bureau=False,
        steps=(
            identify_step(),
            Step(StepKind.FORM, Text("请选择要办理的业务类型", "Which kind of service do you need?"),
                 fields=(FormField("business", Text("业务类型", "Service"), "choice", choices=BUSINESSES),),
                 action=LOAD_ACTION, result_key="loaded"),
            Step(StepKind.FORM, Text("您已有一个预约", "You already have a booking"), present=_existing,
                 fields=(FormField("way", Text("您想", "You would like to"), "choice", choices=WAYS),),
                 when=lambda c: _mine(c) is not None),
            Step(StepKind.FORM, Text("请选择日期", "Which day?"), when=booking_new,
                 fields=(FormField("day", Text("日期", "Day"), "choice", choices=day_choices),)),
            Step(StepKind.FORM, Text("请选择时间", "What time?"), when=booking_new,
                 fields=(FormField("time", Text("时间", "Time"), "choice", choices=time_choices),)),
            Step(StepKind.FORM, Text("预约提醒：手机号码（可不填）", "A mobile number for a reminder (optional)"),
                 when=booking_new, note=Text("不填也可以预约；填写后可收到短信提醒和确认结果。",
                                             "You may leave it empty; with it you get a reminder and the outcome."),
                 fields=(FormField("phone", Text("手机号码", "Mobile number"), "keypad", validate=phone_problem,
                                   max_length=11, optional=True),)),
            Step(StepKind.CONFIRM, Text("请确认", "Please confirm"), action=BOOK_ACTION,
                 result_key="booking", present=_confirm_rows),
            Step(StepKind.QUOTE, Text("预约结果", "Outcome"), outcome=_outcome, when=lambda c: not booking_new(c)),
            Step(StepKind.PRINT, Text("请取走预约凭条", "Please take your appointment slip"),
                 action=PRINT_ACTION, auto=True, result_key="printed", outcome=_outcome, present=_printed_rows,
                 when=booking_new),
        ),
    )
