"""The receipt printer's jobs: status before, bytes, confirmation after, print-once by job id.

Before a job we read DLE EOT status and refuse on paper out, cover open, an error or no
answer (nothing has been sent, so a retry may print). After the bytes we send GS r 1, which
the printer answers only once it has processed everything before it: that reply is the
confirmation that the receipt came out. A write that times out or a missing confirmation
marks the job INCOMPLETE with the reason read from the real-time status, and the job can be
reprinted once by its id.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from drivers.printer import commands
from drivers.printer import status as st
from drivers.printer.jobs import Job, JobLedger, JobState
from drivers.printer.layout import PrinterProfile, ReceiptLayout, encode
from drivers.printer.transport import Transport, TransportError, TransportTimeout

log = logging.getLogger(__name__)

# What the person at the kiosk reads, in Chinese and English.
MESSAGES = {
    "printed": "打印完成，请取走凭条 · Printed, please take your receipt",
    "sent": "已发送到打印机 · Sent to the printer",
    "already": "该凭条已打印，不再重复打印 · Already printed; not printed again",
    "paper_out": "打印机缺纸，请联系工作人员 · The printer is out of paper; please ask staff",
    "cover_open": "打印机盖未关好，请联系工作人员 · The printer cover is open; please ask staff",
    "error": "打印机故障，请联系工作人员 · The printer reports a fault; please ask staff",
    "no_answer": "打印机无应答，请联系工作人员 · The printer does not answer; please ask staff",
    "not_open": "打印机未连接 · The printer is not connected",
    "paper_out_mid": "打印中途缺纸，凭条不完整，可补打一次 · Paper ran out while printing; "
    "the receipt is incomplete and can be reprinted once",
    "cover_open_mid": "打印中途机盖被打开，凭条不完整，可补打一次 · The cover was opened while printing; "
    "the receipt is incomplete and can be reprinted once",
    "stalled": "打印机停止接收数据，凭条可能不完整，可补打一次 · The printer stopped taking data; "
    "the receipt may be incomplete and can be reprinted once",
    "unconfirmed": "打印机未确认打印完成，可补打一次 · The printer did not confirm the receipt; "
    "it can be reprinted once",
    "no_reprint": "该凭条不能再补打 · This receipt cannot be reprinted again",
    "unknown_job": "找不到该打印任务 · No print job with this id",
    "paper_low": "打印纸将尽，请通知工作人员换纸 · Paper is low; staff should load a new roll",
}


@dataclass(frozen=True)
class PrintOutcome:
    job_id: str
    state: JobState
    reason: str  # a key of MESSAGES
    printed_now: bool  # whether this call sent the job to the printer
    warnings: tuple[str, ...] = field(default=())

    @property
    def message(self) -> str:
        return MESSAGES[self.reason]

    @property
    def reprintable(self) -> bool:
        return self.state is JobState.INCOMPLETE and self.reason != "no_reprint"


class ReceiptPrinter:
    """One ESC/POS printer on one transport; one command at a time."""

    def __init__(
        self,
        transport: Transport,
        profile: PrinterProfile,
        ledger: JobLedger,
        *,
        confirm_timeout_s: float = 10.0,
        on_status: Callable[[dict[str, str]], None] | None = None,
    ) -> None:
        self.transport = transport
        self.profile = profile
        self.ledger = ledger
        self.confirm_timeout_s = confirm_timeout_s
        self._on_status = on_status
        self._lock = threading.Lock()
        self.last_status = st.PrinterStatus()

    # --- link ---------------------------------------------------------------------------
    def open(self) -> None:
        with self._lock:
            if not self.transport.is_open:
                self.transport.open()

    def close(self) -> None:
        with self._lock:
            self.transport.close()

    # --- status -------------------------------------------------------------------------
    def read_status(self) -> st.PrinterStatus:
        with self._lock:
            return self._read_status()

    def poll_status(self) -> st.PrinterStatus:
        """Refreshes the cached status unless a job holds the printer: never waits behind a print."""
        if not self._lock.acquire(blocking=False):
            return self.last_status
        try:
            return self._read_status()
        finally:
            self._lock.release()

    def _read_status(self) -> st.PrinterStatus:
        if not self.transport.is_open or not self.transport.can_read:
            return self._publish(st.PrinterStatus())
        replies: list[int | None] = []
        try:
            self.transport.discard_input()
            for request in (commands.DLE_EOT_PRINTER, commands.DLE_EOT_OFFLINE, commands.DLE_EOT_PAPER):
                reply = self._ask(request)
                replies.append(reply)
                if reply is None:
                    break  # silent: do not wait for the others too
        except TransportError as exc:
            log.warning("printer status read failed: %s", exc)
        replies += [None] * (3 - len(replies))
        return self._publish(st.decode(replies[0], replies[1], replies[2]))

    def _ask(self, request: bytes) -> int | None:
        """One DLE EOT request; skips bytes that are not a status reply (late or garbled)."""
        timeout = self.transport.settings.read_timeout_s
        self.transport.write(request, timeout)
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            reply = self.transport.read(1, left)
            if not reply:
                return None
            if st.valid(reply[0]):
                return reply[0]
            log.warning("printer sent %#04x, not a status reply; ignored", reply[0])
        return None

    def _publish(self, status: st.PrinterStatus) -> st.PrinterStatus:
        """Caches the status; reports only the fields that changed, once per change."""
        old, new = self.last_status.fields(), status.fields()
        changed = {k: v for k, v in new.items() if old[k] != v}
        self.last_status = status
        if changed:
            log.info("receipt printer status changed: %s", changed)
            if self._on_status is not None:
                self._on_status(changed)
        return status

    # --- jobs ---------------------------------------------------------------------------
    def print_layout(self, job_id: str, kind: str, layout: ReceiptLayout) -> PrintOutcome:
        return self.print_bytes(job_id, kind, encode(layout, self.profile))

    def print_bytes(self, job_id: str, kind: str, data: bytes) -> PrintOutcome:
        """Prints the job unless this id already printed; a retry returns the first outcome."""
        with self._lock:
            existing = self.ledger.claim(job_id, kind, data)
            if existing is not None:
                log.info("print job %s already %s; not printed again", job_id, existing.state.value)
                return _outcome_of(existing)
            return self._run(job_id, data)

    def reprint(self, job_id: str) -> PrintOutcome:
        """Prints an INCOMPLETE job again, once (from the session or from diagnostics)."""
        with self._lock:
            job = self.ledger.get(job_id)
            if job is None:
                return PrintOutcome(job_id, JobState.REFUSED, "unknown_job", False)
            existing = self.ledger.claim(job_id, job.kind, b"", reprint=True)
            if existing is not None:
                reason = "already" if existing.state in (JobState.PRINTED, JobState.SENT) else "no_reprint"
                return PrintOutcome(job_id, existing.state, reason, False)
            assert job.data is not None
            log.info("reprinting job %s", job_id)
            return self._run(job_id, job.data)

    def _run(self, job_id: str, data: bytes) -> PrintOutcome:
        if not self.transport.is_open:
            try:
                self.transport.open()
            except TransportError as exc:
                log.warning("printer not reachable: %s", exc)
                return self._finish(job_id, JobState.REFUSED, "not_open")
        before = self._read_status()
        if self.transport.can_read:
            refusal = _refusal(before)
            if refusal:
                log.warning("print job %s refused: %s", job_id, refusal)
                return self._finish(job_id, JobState.REFUSED, refusal)
        warnings = (MESSAGES["paper_low"],) if before.paper is st.Paper.LOW else ()
        if warnings:
            log.warning("printer paper low")
        log.info("print job %s: %d bytes on %s", job_id, len(data), self.transport.describe())
        try:
            self.transport.write(
                data + (commands.GS_R_PAPER if self.transport.can_read else b""),
                self.transport.settings.write_timeout_s + self._wire_time(len(data)),
            )
        except TransportTimeout:
            after = self._read_status()
            reason = _mid_job_reason(after) or "stalled"
            log.warning("print job %s incomplete: %s", job_id, reason)
            return self._finish(job_id, JobState.INCOMPLETE, reason, warnings)
        except TransportError as exc:
            log.warning("print job %s incomplete, link failed: %s", job_id, exc)
            self.transport.close()
            return self._finish(job_id, JobState.INCOMPLETE, "stalled", warnings)
        if not self.transport.can_read:
            return self._finish(job_id, JobState.SENT, "sent", warnings)
        confirmed = self._await_confirmation()
        after = self._read_status()
        if not confirmed:
            reason = _mid_job_reason(after) or "unconfirmed"
            log.warning("print job %s incomplete: %s", job_id, reason)
            return self._finish(job_id, JobState.INCOMPLETE, reason, warnings)
        if after.paper is st.Paper.LOW and not warnings:
            warnings = (MESSAGES["paper_low"],)
            log.warning("printer paper low")
        return self._finish(job_id, JobState.PRINTED, "printed", warnings)

    def _await_confirmation(self) -> bool:
        reply = self.transport.read(1, self.confirm_timeout_s)
        return bool(reply) and (reply[0] & 0x90) == 0

    def _wire_time(self, n: int) -> float:
        """A serial wire's own time for n bytes (a raster receipt takes 100 s at 9600 baud)."""
        s = self.transport.settings
        return n * 10 / s.baudrate if s.kind == "serial" else 0.0

    def _clear_printer_buffers(self) -> None:
        try:
            self.transport.discard_input()
            self.transport.write(commands.CLEAR_BUFFERS, self.transport.settings.read_timeout_s)
            reply = self.transport.read(len(commands.CLEAR_BUFFERS_REPLY))
        except TransportError as exc:
            reply = b""
            log.info("could not clear the printer's buffer: %s", exc)
        if reply != commands.CLEAR_BUFFERS_REPLY:
            log.warning("printer did not confirm clearing its buffer; the rest of the job may print later")

    def _finish(self, job_id: str, state: JobState, reason: str, warnings: tuple[str, ...] = ()) -> PrintOutcome:
        if state is JobState.INCOMPLETE and self.transport.is_open:
            # Drop what the stopped printer still holds of this job, so the rest does not
            # come out on its own when paper is loaded; the reprint brings the whole receipt.
            self._clear_printer_buffers()
        self.ledger.finish(job_id, state, reason)
        log.info("print job %s %s (%s)", job_id, state.value, reason)
        return PrintOutcome(job_id, state, reason, state is not JobState.REFUSED, warnings)


def _refusal(status: st.PrinterStatus) -> str:
    if status.online is st.Online.UNKNOWN:
        return "no_answer"
    if status.paper is st.Paper.OUT:
        return "paper_out"
    if status.cover is st.Cover.OPEN:
        return "cover_open"
    if status.error:
        return "error"
    return ""


def _mid_job_reason(status: st.PrinterStatus) -> str:
    if status.paper is st.Paper.OUT:
        return "paper_out_mid"
    if status.cover is st.Cover.OPEN:
        return "cover_open_mid"
    return ""


def _outcome_of(job: Job) -> PrintOutcome:
    reason = job.reason if job.state is JobState.INCOMPLETE else "already"
    return PrintOutcome(job.job_id, job.state, reason or "unconfirmed", False)
