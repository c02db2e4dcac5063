"""Device events from driver threads to the GUI thread, as Qt signals.

Drivers know nothing of Qt and call listeners on their own threads. The bridge lives on the GUI
thread; its signals are emitted from the driver thread and, because the receivers live on the GUI
thread, Qt queues them there. Screens connect to `status_changed`, `card_read` and `card_failed`
and never touch a driver.

Every device feeds it the same way: its `drivers.base.StatusCache` (attach_status), written by
the device's supervisor thread (drivers/supervisor.py), so a slow or silent device never holds
up the screen. Card and scan results come from the supervisors' `on_result`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from drivers.base import Completion, CompletionCode, StatusCache, StatusChanged
from kiosk.logs import PII_REGISTRY


class DeviceBridge(QObject):
    status_changed = Signal(str, dict)  # device name, only the fields that changed
    card_read = Signal(object)  # drivers.idcard.record.IdRecord
    card_failed = Signal(str, str)  # completion code, reason key (kiosk/device_messages.py words it)
    code_scanned = Signal(str)  # a new payload from a scanner (already de-duplicated)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._closed = False  # after stop(), driver threads still finishing a command emit nothing

    def attach_status(self, cache: StatusCache) -> None:
        cache.subscribe(self._on_status)

    def stop(self) -> None:
        self._closed = True

    def _open(self) -> bool:
        """Whether driver threads may still emit: not after stop(), nor once Qt deleted the bridge."""
        return not self._closed and isValid(self)

    def on_card_result(self, done: Completion[Any]) -> None:
        """The supervisor's `on_result` for an ID reader (called on the driver thread)."""
        if not self._open():
            return
        if done.ok:
            if done.value is not None:
                record = done.value
                # before anything can log them: the names are masked for the rest of the session
                PII_REGISTRY.remember(record.name, record.english_name)
                self.card_read.emit(record)
        elif done.code is CompletionCode.USER_ERROR:
            self.card_failed.emit(done.code.value, done.reason)

    def on_scan_result(self, done: Completion[Any]) -> None:
        """The supervisor's `on_result` for a scanner (called on the driver thread)."""
        if done.ok and done.value and self._open():
            self.code_scanned.emit(done.value)

    def _on_status(self, event: StatusChanged) -> None:
        if self._open():
            self.status_changed.emit(event.device, dict(event.changed))
