"""The receipt printer as a kiosk device: one state, cached status fields, change events.

The device model of DESIGN §3 (`drivers/base.py`, issue 3) had not landed when this was
written, so this is the small local interface the printer needs from it; when it lands, this
adapter is the one place to rebase on it. State follows XFS4IoT: a printer that does not
answer is OFFLINE with every status field UNKNOWN (never "paper out"); paper out or an open
cover is a USER_ERROR (someone must act), a reported mechanism error a HARDWARE_ERROR.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from drivers.base import DeviceState
from drivers.printer import status as st
from drivers.printer.factory import BuiltPrinter, build
from drivers.printer.jobs import Job, JobLedger
from drivers.printer.layout import PrinterProfile, ReceiptLayout
from drivers.printer.printer import PrintOutcome
from drivers.printer.sim import SimulatedPrinter
from drivers.printer.transport import TransportError

log = logging.getLogger(__name__)


StatusListener = Callable[[str, dict[str, str]], None]  # device name, changed fields


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

    def __init__(self, name: str, driver: str, settings: dict[str, Any], ledger: JobLedger) -> None:
        self.name = name
        self._listeners: list[StatusListener] = []
        self._busy = threading.Event()
        self._state_lock = threading.Lock()
        self._built: BuiltPrinter = build(driver, settings, ledger)
        self._built.printer._on_status = self._status_changed
        self._state = DeviceState.NO_DEVICE

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

    def subscribe(self, listener: StatusListener) -> None:
        self._listeners.append(listener)

    # --- status: cached, never blocking ------------------------------------------------
    @property
    def state(self) -> DeviceState:
        return self._state

    def fields(self) -> dict[str, str]:
        return {"state": self._state.value, **self._built.printer.last_status.fields()}

    def refresh(self) -> DeviceState:
        """Opens the link if needed and reads status unless a job holds the printer."""
        printer = self._built.printer
        if not printer.transport.is_open:
            try:
                printer.open()
            except TransportError as exc:
                log.warning("receipt printer %s not reachable: %s", self.name, exc)
        printer.poll_status()
        self._set_state()
        return self._state

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

    def _status_changed(self, changed: dict[str, str]) -> None:
        self._set_state(changed)

    def _set_state(self, changed: dict[str, str] | None = None) -> None:
        printer = self._built.printer
        with self._state_lock:  # a job's worker and a status poll may both get here
            new = state_of(printer.last_status, printer.transport.is_open, self._busy.is_set())
            fields = dict(changed or {})
            if new is not self._state:
                fields["state"] = new.value
                self._state = new
        if fields:
            for listener in self._listeners:
                listener(self.name, fields)
