"""The receipt printer in the one device model: a `StatusCache`, kept connected by a `Supervisor`.

State follows XFS4IoT (drivers/base.py): a printer that does not answer is OFFLINE with every
status field UNKNOWN (never "paper out"); paper out or an open cover is a USER_ERROR (someone
must act), a reported mechanism error a HARDWARE_ERROR. The supervisor (`supervise_printer`)
polls it and logs once when it goes and once when it comes back, like every other device.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from drivers.base import Completion, CompletionCode, DeviceNotReady, DeviceState, StatusCache
from drivers.printer import status as st
from drivers.printer.factory import BuiltPrinter, build
from drivers.printer.jobs import Job, JobLedger
from drivers.printer.layout import PrinterProfile, ReceiptLayout
from drivers.printer.printer import PrintOutcome
from drivers.printer.sim import SimulatedPrinter
from drivers.printer.transport import TransportError

log = logging.getLogger(__name__)


def state_of(status: st.PrinterStatus, link_open: bool, busy: bool) -> DeviceState:
    if not link_open:
        return DeviceState.NO_DEVICE
    if busy:
        return DeviceState.BUSY
    if status.paper is st.Paper.OUT or status.cover is st.Cover.OPEN:
        return DeviceState.USER_ERROR
    if status.error:
        return DeviceState.HARDWARE_ERROR
    return DeviceState.ONLINE if status.known else DeviceState.OFFLINE


class ReceiptPrinterDevice:
    """`[devices.receipt_printer]` with driver "escpos" or "sim"."""

    def __init__(self, name: str, driver: str, settings: dict[str, object], ledger: JobLedger) -> None:
        self.name = name
        self._busy = threading.Event()
        self._state_lock = threading.Lock()
        self._built: BuiltPrinter = build(driver, settings, ledger)
        self._built.printer._on_status = self._status_changed
        self.status = StatusCache(name, tuple(st.PrinterStatus().fields()))
        self.status.update(DeviceState.NO_DEVICE)  # nothing opened yet

    @property
    def sim(self) -> SimulatedPrinter | None:
        """The simulator behind a "sim" device (fault injection in demos and tests), else None."""
        return self._built.sim

    @property
    def profile(self) -> PrinterProfile:
        """What this printer model does (charset, paper width, QR): printed on the test page."""
        return self._built.printer.profile

    @property
    def columns(self) -> int:
        """Half-width characters per line on this printer's paper."""
        return self._built.printer.profile.columns

    # --- status: cached, never blocking ------------------------------------------------
    @property
    def state(self) -> DeviceState:
        return self.status.state

    def fields(self) -> dict[str, str]:
        return self.status.snapshot().as_dict()

    def refresh(self) -> DeviceState:
        """Opens the link if it can and reads status unless a job holds the printer (quietly: the
        supervisor says when the printer goes and comes back)."""
        printer = self._built.printer
        if not printer.transport.is_open:
            try:
                printer.open()
            except TransportError as exc:
                log.debug("receipt printer %s not reachable: %s", self.name, exc)
        printer.poll_status()
        self._set_state()
        return self.status.state

    # --- the supervisor's calls ---------------------------------------------------------
    def connect(self) -> None:
        """Opens the link and wants one status answer; raises when the printer is not there."""
        printer = self._built.printer
        printer.open()  # TransportError is an OSError
        if not printer.poll_status().known and not self._busy.is_set():
            printer.close()
            self._set_state()
            raise DeviceNotReady(f"receipt printer {self.name} does not answer", "no_answer")
        self._set_state()

    def disconnect(self) -> None:
        """Closes the link (the supervisor reconnects); a simulator keeps running."""
        self._built.printer.close()
        self._set_state()

    def tick(self) -> Completion[DeviceState]:
        """One status read: TIMEOUT when the printer did not answer."""
        state = self.refresh()
        answered = state not in (DeviceState.OFFLINE, DeviceState.NO_DEVICE)
        return Completion(CompletionCode.SUCCESS if answered else CompletionCode.TIMEOUT, state,
                          "" if answered else "no status reply")

    # --- commands, one at a time (the printer's own lock) -------------------------------
    def print_layout(self, job_id: str, kind: str, layout: ReceiptLayout) -> PrintOutcome:
        return self._command(lambda: self._built.printer.print_layout(job_id, kind, layout))

    def reprint(self, job_id: str) -> PrintOutcome:
        return self._command(lambda: self._built.printer.reprint(job_id))

    def reprintable_jobs(self) -> list[Job]:
        return self._built.printer.ledger.incomplete()

    def close(self) -> None:
        self._built.close()
        self._set_state()

    def _command(self, run: Callable[[], PrintOutcome]) -> PrintOutcome:
        self._busy.set()
        self._set_state()
        try:
            return run()
        finally:
            self._busy.clear()
            self._set_state()

    def _status_changed(self, _changed: dict[str, str]) -> None:
        self._set_state()

    def _set_state(self) -> None:
        """State and fields into the status cache, which tells its listeners only what changed."""
        printer = self._built.printer
        with self._state_lock:  # a job's worker and a status poll may both get here
            new = state_of(printer.last_status, printer.transport.is_open, self._busy.is_set())
            self.status.update(new, **printer.last_status.fields())
