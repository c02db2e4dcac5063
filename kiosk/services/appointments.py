"""预约办税: book a time at the hall; recorded through the outbox, so it works offline too.

The booking is durably in the outbox before the screen says it is made; the bureau gets it
with the next sync (`appointment` transactions become the hall's appointments) and a slip
comes out of the receipt printer with the booking code.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from typing import Any

from drivers.printer.device import ReceiptPrinterDevice
from kiosk.documents.forms import AppointmentSlip
from kiosk.flow.model import NO_LABEL, Choice, ServiceFlow, Step, StepKind, Text, choose_one, identify_step
from kiosk.services.tickets import BUSINESSES, print_slip, slip_slot
from offline_queue.outbox import Outbox
from taxcore.masking import mask_id

BOOK_ACTION = "appointment.book"
PRINT_ACTION = "appointment.print"
DAYS_AHEAD = 5  # working days offered, from tomorrow
SLOTS = ("09:00", "10:00", "11:00", "14:00", "15:00", "16:00")
WEEKDAYS = (("周一", "Mon"), ("周二", "Tue"), ("周三", "Wed"), ("周四", "Thu"), ("周五", "Fri"))


def working_days(today: datetime.date, count: int = DAYS_AHEAD) -> list[datetime.date]:
    days: list[datetime.date] = []
    day = today
    while len(days) < count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def day_choices(context: Mapping[str, Any]) -> tuple[Choice, ...]:
    today = context.get("today") or datetime.date.today()
    return tuple(
        Choice(d.isoformat(), Text(f"{d.month}月{d.day}日 {WEEKDAYS[d.weekday()][0]}",
                                   f"{WEEKDAYS[d.weekday()][1]} {d.day} {d.strftime('%b')}"))
        for d in working_days(today)
    )


def _business(letter: str) -> Text:
    return next(c.label for c in BUSINESSES if c.value == letter)


def _slot(context: Mapping[str, Any]) -> str:
    return f"{context['day']} {context['time']}"


def book_appointment(outbox: Outbox, hall_id: str, context: Mapping[str, Any]) -> dict[str, Any]:
    """Queue the booking for the bureau, durably; the id is the booking's idempotency key there."""
    booking = str(uuid.uuid4())
    slot = datetime.datetime.fromisoformat(f"{context['day']}T{context['time']}")
    receipt = outbox.record("appointment", {
        "appointment_id": booking, "hall_id": hall_id, "id_number": str(context["id_number"]),
        "service_id": str(context["business"]), "slot": slot.isoformat("T", "minutes"),
    })
    return {"code": booking[:8].upper(), "slot": _slot(context), "txn_id": receipt.id,
            "booked_at": datetime.datetime.now().strftime("%Y-%m-%d %H:%M")}


def print_appointment(printer: ReceiptPrinterDevice | None, hall: str, context: Mapping[str, Any]) -> str:
    booking = context["booking"]
    slip = AppointmentSlip(
        hall=hall, business=_business(str(context["business"])).zh, slot=booking["slot"],
        id_number_masked=mask_id(str(context["id_number"])), booking_code=booking["code"],
        booked_at=booking["booked_at"],
    )
    return print_slip(printer, booking["txn_id"], slip)


def _summary(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    return [
        (Text("业务类型", "Service"), _business(str(context["business"]))),
        (Text("预约时间", "Time"), _slot(context)),
        (Text("证件号码", "ID number"), mask_id(str(context["id_number"]))),
    ]


def appointment_flow() -> ServiceFlow:
    return ServiceFlow(
        id="appointment",
        title=Text("预约办税", "Book an appointment"),
        needs_bureau=False,
        steps=(
            identify_step(),
            choose_one(Text("请选择要办理的业务类型", "Which kind of service do you need?"),
                       "business", Text("业务类型", "Service"), BUSINESSES),
            choose_one(Text("请选择日期", "Which day?"), "day", Text("日期", "Day"), day_choices),
            choose_one(Text("请选择时间", "What time?"), "time", Text("时间", "Time"),
                       tuple(Choice(t, Text(t, t)) for t in SLOTS)),
            Step(StepKind.CONFIRM, Text("确认预约", "Book this appointment?"), action=BOOK_ACTION,
                 result_key="booking", present=_summary,
                 note=Text("断网时也可以预约，联网后自动提交税务机关。",
                           "Booking works even when the network is down; it reaches the tax bureau once it is back.")),
            Step(StepKind.PRINT, Text("预约成功，请取走预约凭条", "Booked: please take your appointment slip"),
                 action=PRINT_ACTION, auto=True, result_key="printed",
                 note=Text("预约已保存，本机会自动提交给税务机关；断网时在联网后提交。",
                           "Your booking is saved; this terminal sends it to the tax bureau, at once or as soon as "
                           "the network is back."),
                 present=lambda c: [*slip_slot(c), (NO_LABEL, c["booking"]["slot"]), *_summary(c)[:1],
                                    (Text("预约编号", "Booking code"), c["booking"]["code"])]),
        ),
    )
