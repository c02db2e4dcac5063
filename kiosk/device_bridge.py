"""Device events from driver threads to the GUI thread, as Qt signals.

Drivers call listeners on their own threads. The bridge lives on the GUI thread; its signals
are emitted from the driver thread and, because the receivers live on the GUI thread, Qt
queues them there. Screens connect to `status_changed`, `card_read` and `card_failed` and never
touch a driver.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from drivers.base import Completion, CompletionCode, StatusCache, StatusChanged

log = logging.getLogger(__name__)


class DeviceBridge(QObject):
    status_changed = Signal(str, dict)  # device name, only the fields that changed
    card_read = Signal(object)  # drivers.idcard.record.IdRecord
    card_failed = Signal(str, str)  # completion code, message for the person

    def attach_status(self, cache: StatusCache) -> None:
        cache.subscribe(self._on_status)

    def _on_status(self, event: StatusChanged) -> None:
        self.status_changed.emit(event.device, dict(event.changed))

    def on_card_result(self, done: Completion[Any]) -> None:
        """The supervisor's `on_result` for an ID reader (called on the driver thread)."""
        if done.ok:
            if done.value is not None:
                self.card_read.emit(done.value)
        elif done.code is CompletionCode.USER_ERROR:
            self.card_failed.emit(done.code.value, done.message)
