"""取号: queue tickets that print offline too, numbered so they never collide.

A number is the business letter, this terminal's station number and a daily counter
(A01-007). The counter lives in the outbox database and moves in the same transaction as the
outbox row, so a crash can neither lose a ticket nor hand out one number twice; the station
keeps numbers apart from other terminals and from the counters' own queue system.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from drivers.printer.device import ReceiptPrinterDevice
from drivers.printer.jobs import JobState
from kiosk.bureau_calls import BureauCalls
from kiosk.documents.forms import QueueTicket
from kiosk.documents.model import Document
from kiosk.documents.receipt import to_receipt
from kiosk.flow.engine import ActionError
from kiosk.flow.model import NO_LABEL, Choice, ServiceFlow, Step, StepKind, Text, choose_one
from kiosk.messages import Message
from kiosk.services.comfort import comfort_rows
from offline_queue.outbox import Outbox

ISSUE_ACTION = "ticket.issue"
PRINT_ACTION = "ticket.print"
BUSINESSES = (
    Choice("A", Text("综合业务", "General tax services")),
    Choice("B", Text("发票业务", "Invoices")),
    Choice("C", Text("社保费业务", "Social insurance")),
    Choice("D", Text("咨询", "Questions")),
)


def _business(letter: str) -> Text:
    return next(c.label for c in BUSINESSES if c.value == letter)


def issue_ticket(outbox: Outbox, station: int, context: Mapping[str, Any],
                 now: datetime.datetime | None = None, hall_id: str = "") -> dict[str, Any]:
    """Allocate the next number for the business and queue the ticket for the bureau, durably.

    The bureau counts synced tickets per hall and hour for the hall's comfort index.
    """
    letter = str(context["business"])
    issued = now or datetime.datetime.now()
    n = outbox.next_number(f"queue:{issued.date().isoformat()}:{letter}")
    number = _number(letter, station, n)
    receipt = outbox.record("queue_ticket", {
        "number": number, "business": letter, "station": station, "issued_at": issued.isoformat("T", "seconds"),
        "hall_id": hall_id,
    })
    return {"number": number, "business": letter, "issued_at": issued.strftime("%Y-%m-%d %H:%M"),
            "issued_at_iso": issued.isoformat("T", "seconds"), "txn_id": receipt.id, "seq": receipt.seq}


def register_ticket(bureau: BureauCalls | None, ticket: Mapping[str, Any], hall_id: str) -> int | None:
    """Put the ticket in the hall's calling queue now and learn how many are ahead; None if the bureau
    cannot say (offline: the ticket still prints, and the outbox brings it to the queue later)."""
    if bureau is None:
        return None
    try:
        answer = bureau.post("/v1/tickets", {
            "hall_id": hall_id, "number": ticket["number"], "service_id": ticket["business"],
            "issued_at": ticket["issued_at_iso"], "txn_id": ticket["txn_id"]})
    except ActionError:
        return None
    ahead = answer.get("ahead") if isinstance(answer, dict) else None
    return ahead if isinstance(ahead, int) and ahead >= 0 else None


def ahead_text(ahead: int | None) -> Text:
    if ahead is None:
        return Text("暂不知道（未连上叫号系统），请留意大厅叫号屏", "Not known (no link to the calling system); "
                    "please watch the hall display")
    if not ahead:
        return Text("0 人，请留意叫号", "Nobody: watch for your number")
    return Text(f"{ahead} 人", f"{ahead} people")


def _number(letter: str, station: int, n: int) -> str:
    return f"{letter}{station:02d}-{n:03d}"


def print_ticket(printer: ReceiptPrinterDevice, hall: str, context: Mapping[str, Any]) -> str:
    ticket = context["ticket"]
    document = QueueTicket(
        hall=hall, number=ticket["number"], business=_business(ticket["business"]).zh, waiting=ticket.get("ahead"),
        issued_at=ticket["issued_at"], ticket_id=f"{ticket['seq']:010d}",
    )
    return print_slip(printer, ticket["txn_id"], document)


def print_slip(printer: ReceiptPrinterDevice | None, job_id: str, document: Document) -> str:
    """A slip on the receipt roll, once per job id; a failure worded for the taxpayer (reprintable or not)."""
    if printer is None:
        raise ActionError(print_failure("no_printer"), retry=False)
    outcome = printer.print_layout(job_id, document.kind, to_receipt(document, printer.columns))
    if outcome.state is JobState.INCOMPLETE and not outcome.printed_now:
        outcome = printer.reprint(job_id)  # "try again" after a cut-short print: once
    if outcome.state not in (JobState.PRINTED, JobState.SENT):
        raise ActionError(print_failure(outcome.reason), retry=outcome.reprintable)
    return outcome.reason


def print_failure(reason: str) -> Message:
    """What the taxpayer reads when a print did not come out whole."""
    texts = {
        "paper_out": QT_TRANSLATE_NOOP("Messages", "The printer is out of paper. Please ask a member of staff."),
        "cover_open": QT_TRANSLATE_NOOP("Messages", "The printer cover is open. Please ask a member of staff."),
        "paper_out_mid": QT_TRANSLATE_NOOP(
            "Messages", "The paper ran out while printing. Once staff have loaded paper it can be printed again."),
        "cover_open_mid": QT_TRANSLATE_NOOP(
            "Messages", "The printer cover was opened while printing. It can be printed again once it is closed."),
        "stalled": QT_TRANSLATE_NOOP(
            "Messages", "The printer stopped while printing. It can be printed again; if not, please ask staff."),
        "no_printer": QT_TRANSLATE_NOOP(
            "Messages", "This terminal has no working receipt printer. Please ask a member of staff."),
    }
    return Message(texts.get(reason, QT_TRANSLATE_NOOP(
        "Messages", "The printer is not working right now. Please ask a member of staff.")))


SLIP_SLOT = Text("请在下方凭条出口取走凭条（1张）。", "Take it from the receipt slot below (1 slip).")


def slip_slot(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    """Where the slip comes out, once it has (a PRINT step's action stores its result as `printed`)."""
    return [(NO_LABEL, SLIP_SLOT)] if "printed" in context else []


def tickets_flow() -> ServiceFlow:
    return ServiceFlow(
        id="queue_ticket",
        title=Text("取号", "Take a queue ticket"),
        needs_bureau=False,
        steps=(
            choose_one(Text("请选择要办理的业务类型", "Which kind of service do you need?"),
                       "business", Text("业务类型", "Service"), BUSINESSES),
            Step(StepKind.CONFIRM, Text("确认取号", "Take this ticket?"), action=ISSUE_ACTION, result_key="ticket",
                 present=lambda c: [(Text("业务类型", "Service"), _business(c["business"]))],
                 note=Text("断网时也可以取号，号码全厅唯一。", "Tickets work even when the network is down.")),
            Step(StepKind.PRINT, Text("请取走您的排队凭条", "Please take your queue ticket"), action=PRINT_ACTION,
                 auto=True, result_key="printed", present=lambda c: [*slip_slot(c), (NO_LABEL, c["ticket"]["number"]),
                                               (Text("业务类型", "Service"), _business(c["ticket"]["business"])),
                                               (Text("前面等候", "Ahead of you"), ahead_text(c["ticket"].get("ahead"))),
                                               *comfort_rows(c["ticket"].get("comfort"))]),
        ),
    )
