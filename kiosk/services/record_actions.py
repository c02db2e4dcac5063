"""The actions of the identity and document services, and the one call that binds them to a kiosk.

Actions run on the flow engine's workers. They read the kiosk's bureau calls, camera and
printers when they run (those are attached after the app is built), so a terminal without a
device gets a message at the step that needs it rather than a service that will not start.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from drivers.camera.face import FaceDetector
from drivers.printer.jobs import JobLedger, JobState
from drivers.printer.printer import PrintOutcome
from kiosk.bureau_calls import BureauCalls, BureauRefusal
from kiosk.documents.a4_output import A4Outcome, A4Output, a4_from_config
from kiosk.documents.model import Document
from kiosk.documents.printing import DocumentPrinter, NoPrinterError
from kiosk.flow.engine import ActionError
from kiosk.messages import Message
from kiosk.services import identity, records
from kiosk.services.face_preview import FacePreview
from kiosk.services.record_documents import to_form
from kiosk.services.tickets import print_failure
from offline_queue.outbox import Outbox

log = logging.getLogger(__name__)

NO_RECORDS = Message(QT_TRANSLATE_NOOP(
    "Messages", "The tax bureau has no records for {year}. Please go back and choose another year."))
NO_PAYMENTS = Message(QT_TRANSLATE_NOOP(
    "Messages", "The tax bureau has no completed payments for you, so there is no voucher to print. "
                "Please ask at the service counter."))
NO_PRINTER = Message(QT_TRANSLATE_NOOP(
    "Messages", "This terminal has no printer for this document. Please ask a member of staff."))
A4_REFUSED = Message(QT_TRANSLATE_NOOP(
    "Messages", "The A4 printer is not working right now. Please ask a member of staff; "
                "your document can be printed again."))


def issue_document(bureau: BureauCalls | None, context: Mapping[str, Any]) -> dict[str, Any]:
    """The bureau issues the signed document; a job id is made for this one printing of it."""
    service = str(context["service"])
    kind = records.DOCUMENTS[service][0]
    calls = identity.bureau_or_unreachable(bureau)
    try:
        if service == "voucher_reprint":  # issued with the payment: the listed voucher is the document
            issued = dict(records.chosen_payment(context)["voucher"])
        else:
            issued = calls.post("/v1/certificates",
                                {"kind": kind, "id_number": context["id_number"], "year": int(context["year"])})
    except BureauRefusal as refusal:
        if refusal.code == "no_records":
            raise ActionError(Message(NO_RECORDS.source, {"year": context.get("year")}), retry=False) from refusal
        raise ActionError(identity.NOT_ON_FILE, retry=False) from refusal
    log.info("document issued", extra={"service": service, "serial": issued["serial"]})
    # A voucher keeps its serial for every reprint: the job id is this printing, not the document.
    return {**issued, "job_id": f"{issued['serial']}-{uuid.uuid4().hex[:8]}"}


def list_payments(bureau: BureauCalls | None, context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The taxpayer's payment vouchers at the bureau (from any terminal), newest first."""
    vouchers = identity.bureau_or_unreachable(bureau).get(
        f"/v1/payments/vouchers?id_number={context['id_number']}")["items"]
    if not vouchers:
        raise ActionError(NO_PAYMENTS, retry=False)
    return [{**v["body"], "voucher": v} for v in vouchers[:8]]  # the newest eight: one screen of large buttons


def print_issued(printer: DocumentPrinter, outbox: Outbox | None, context: Mapping[str, Any]) -> dict[str, Any]:
    """The issued document to paper, once per job id; a cut-short roll print is reprinted once.

    That it came out is queued for the bureau (which document, which paper; nothing personal)
    before the screen says so.
    """
    issued = context["issued"]
    job_id = str(issued["job_id"])
    document = to_form(str(context["service"]), issued, context)
    printed = print_document(printer, job_id, document)
    if outbox is not None and printed["printed_now"]:
        outbox.record("document_printed", {"service": context["service"], "serial": issued["serial"],
                                           "kind": issued["kind"], "job_id": job_id, "paper": printed["paper"]})
    return {"paper": printed["paper"], "pdf": printed["pdf"]}


def print_document(printer: DocumentPrinter, job_id: str, document: Document) -> dict[str, Any]:
    """A document to A4 (and its archive PDF) or the roll, once per job id; faults worded for the taxpayer.

    `printed_now`: it came out on this call (not a retry of a job already printed)."""
    try:
        outcome = printer.print(job_id, document)
    except NoPrinterError as exc:
        raise ActionError(NO_PRINTER, retry=False) from exc
    paper = printer.paper_for(document)
    if isinstance(outcome, A4Outcome):
        if outcome.state is not JobState.SENT:
            raise ActionError(A4_REFUSED)
        return {"paper": paper, "pdf": str(outcome.pdf), "printed_now": outcome.printed_now}
    printed_now = _finish_receipt(printer, job_id, outcome).printed_now
    return {"paper": paper, "pdf": None, "printed_now": printed_now}


def _finish_receipt(printer: DocumentPrinter, job_id: str, outcome: PrintOutcome) -> PrintOutcome:
    if outcome.state is JobState.INCOMPLETE and not outcome.printed_now and printer.receipt is not None:
        outcome = printer.receipt.reprint(job_id)  # "try again" after a cut-short print: once
    if outcome.state not in (JobState.PRINTED, JobState.SENT):
        raise ActionError(print_failure(outcome.reason), retry=outcome.reprintable)
    return outcome


class _RecordServices:
    """What the actions need from the kiosk, looked up when they run."""

    def __init__(self, kiosk: Any) -> None:
        self.kiosk = kiosk
        self._lock = threading.Lock()
        self._a4: A4Output | None = None
        self._a4_built = False
        self._faces: FaceDetector | None = None
        self.preview: FacePreview | None = None

    def a4(self) -> A4Output | None:
        """The A4 output of `[devices.a4_printer]`, opened at the first A4 document."""
        with self._lock:
            if not self._a4_built:
                self._a4_built = True
                config = self.kiosk.config
                device = config.devices.get("a4_printer")
                if device is not None:
                    data = config.paths.data()
                    ledger = JobLedger(str(data / "a4_jobs.db"))
                    self._a4 = a4_from_config(device.driver, device.settings, data, ledger)
            return self._a4

    @property
    def a4_state(self) -> dict[str, str] | None:
        """The A4 printer's last known state (never waits: `A4Output.state()` is asked by a worker)."""
        return self._a4.last_state if self._a4 is not None else None

    def detector(self) -> FaceDetector | None:
        with self._lock:
            if self._faces is None and self.kiosk.camera is not None:
                self._faces = FaceDetector()
            return self._faces

    def printer(self) -> DocumentPrinter:
        return DocumentPrinter(self.kiosk.printer, self.a4())

    def face(self, context: Mapping[str, Any]) -> dict[str, Any]:
        return identity.verify_face(self.kiosk.bureau, self.kiosk.camera, self.detector(), context)

    def face_then_payments(self, context: Mapping[str, Any]) -> list[dict[str, Any]]:
        self.face(context)
        return list_payments(self.kiosk.bureau, context)


def bind_record_services(kiosk: Any) -> _RecordServices:
    """Bind the identity and document services' actions to the kiosk's flow engine (kiosk.app)."""
    services = _RecordServices(kiosk)
    engine = kiosk.engine
    engine.bind(identity.LOOKUP_ACTION, lambda c: identity.lookup_taxpayer(kiosk.bureau, c))
    engine.bind(identity.FACE_ACTION, services.face)
    engine.bind(records.PAYMENTS_ACTION, services.face_then_payments)
    engine.bind(records.ISSUE_ACTION, lambda c: issue_document(kiosk.bureau, c))
    engine.bind(records.PRINT_ACTION, lambda c: print_issued(services.printer(), kiosk.outbox, c))
    services.preview = FacePreview(kiosk, identity.FACE_ACTIONS)
    services.preview.showing.connect(kiosk.window.step.show_camera)
    services.preview.frame.connect(kiosk.window.step.show_camera_frame)
    return services
