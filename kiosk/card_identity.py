"""The ID card on the reader answers an identify step: the card is read, the step is done.

The reader is polled all the time by its supervisor (so a technician sees it live), but a card
counts only while an identify step is on screen with "ID card" chosen; a card placed anywhere
else is ignored and nothing of it is kept.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject

from drivers.base import DeviceState, StatusCache
from kiosk.device_bridge import DeviceBridge
from kiosk.device_messages import card_problem, reader_unavailable
from kiosk.flow.engine import FlowEngine
from kiosk.flow.model import StepKind
from screens.flow.step_screen import StepScreen

log = logging.getLogger(__name__)


class CardIdentity(QObject):
    def __init__(self, bridge: DeviceBridge, status: StatusCache, engine: FlowEngine, screen: StepScreen,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status = status
        self._engine = engine
        self._screen = screen
        bridge.card_read.connect(self._on_card)
        bridge.card_failed.connect(self._on_failed)
        screen.identify_method_changed.connect(self._on_method)

    def _waiting_for_card(self) -> bool:
        step = self._engine.step
        return (step is not None and step.kind is StepKind.IDENTIFY and self._screen.isVisible()
                and self._screen.identify_method == "card" and not self._engine.busy_now)

    def _on_card(self, record: Any) -> None:
        if not self._waiting_for_card():
            log.info("id card ignored: no identify step is waiting for one")
            return
        log.info("taxpayer identified by card", extra={"card_type": record.card_type.value})
        self._engine.submit({
            "id_number": record.id_number, "name": record.name, "card_type": record.card_type.value,
            "identified_by": "card",
        })

    def _on_failed(self, _code: str, reason: str) -> None:
        if self._waiting_for_card():
            self._screen.show_banner(card_problem(reason).text(), "bad")

    def _on_method(self, method: str) -> None:
        if method == "card" and self._status.state is not DeviceState.ONLINE:
            self._screen.show_banner(reader_unavailable().text(), "bad")
