"""The ID card on the reader, or a code on the scanner (serial, camera, keyboard wedge), answers the step that asks.

An identify step takes the card or the tax app's identity code; a scan step (an invoice's or a
certificate's QR) takes any code and lets its action judge it.

Readers and scanners are polled all the time by their supervisors (so a technician sees them
live), but a card or code counts only while an identify step is on screen with that way chosen;
one presented anywhere else is ignored and nothing of it is kept.

The tax app's identity code carries the ID number as `etax-id:<number>` (or the bare number);
the number must pass the GB 11643 check, like a typed one.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject

from drivers.base import DeviceState, StatusCache
from kiosk.device_bridge import DeviceBridge
from kiosk.device_messages import card_problem, not_an_identity_code, reader_unavailable
from kiosk.flow.engine import FlowEngine
from kiosk.flow.model import SCANNED, StepKind
from kiosk.id_entry import id_number_problem
from screens.flow.step_screen import StepScreen

log = logging.getLogger(__name__)

ID_CODE_PREFIX = "etax-id:"


class IdentifyByDevices(QObject):
    def __init__(self, bridge: DeviceBridge, status: StatusCache | None, engine: FlowEngine, screen: StepScreen,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader_status = status  # None until a reader is attached
        self._engine = engine
        self._screen = screen
        bridge.card_read.connect(self._on_card)
        bridge.card_failed.connect(self._on_failed)
        screen.identify_method_changed.connect(self._on_method)

    def _waiting_for(self, method: str) -> bool:
        step = self._engine.step
        return (step is not None and step.kind is StepKind.IDENTIFY and self._screen.isVisible()
                and self._screen.identify_method == method and not self._engine.busy_now)

    def on_scan(self, payload: str) -> bool:
        """A scanned code: True when a step on screen took it (identified the taxpayer, or was scanned into)."""
        step = self._engine.step
        if (step is not None and step.kind is StepKind.SCAN and self._screen.isVisible()
                and not self._engine.busy_now):
            log.info("code scanned into step", extra={"action": step.action})
            self._engine.submit({SCANNED: payload.strip()})
            return True
        if not self._waiting_for("qr"):
            return False
        number = payload.strip().removeprefix(ID_CODE_PREFIX).upper()
        problem = id_number_problem(number)
        if problem is not None:
            log.info("scanned identity code refused")
            self._screen.show_banner(not_an_identity_code().text(), "bad")
            return True
        log.info("taxpayer identified by tax-app code")
        self._engine.submit({"id_number": number, "identified_by": "qr"})
        return True

    def _on_card(self, record: Any) -> None:
        if not self._waiting_for("card"):
            log.info("id card ignored: no identify step is waiting for one")
            return
        log.info("taxpayer identified by card", extra={"card_type": record.card_type.value})
        self._engine.submit({
            "id_number": record.id_number, "name": record.name, "card_type": record.card_type.value,
            "identified_by": "card",
        })

    def _on_failed(self, _code: str, reason: str) -> None:
        if self._waiting_for("card"):
            self._screen.show_banner(card_problem(reason).text(), "bad")

    def _on_method(self, method: str) -> None:
        if method == "card" and (self.reader_status is None or self.reader_status.state is not DeviceState.ONLINE):
            self._screen.show_banner(reader_unavailable().text(), "bad")
