"""Device events from driver threads to the GUI thread, as Qt signals.

Drivers know nothing of Qt and call listeners on their own threads. The bridge lives on the GUI
thread; its signals are emitted from the driver thread and, because the receivers live on the GUI
thread, Qt queues them there. Screens connect to `status_changed`, `card_read` and `card_failed`
and never touch a driver.

Two kinds of device feed it: those with a `drivers.base.StatusCache` (attach_status) and polled
devices with `subscribe(listener)` and a `refresh()` that reads status; the bridge calls
`refresh()` in a worker on a timer, so a slow or silent device never holds up the screen.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from drivers.base import Completion, CompletionCode, StatusCache, StatusChanged
from kiosk.logs import PII_REGISTRY
from kiosk.tasks import TaskRunner

log = logging.getLogger(__name__)


class PolledDevice(Protocol):
    name: str

    def subscribe(self, listener: Any) -> None: ...

    def refresh(self) -> Any: ...


class DeviceBridge(QObject):
    status_changed = Signal(str, dict)  # device name, only the fields that changed
    card_read = Signal(object)  # drivers.idcard.record.IdRecord
    card_failed = Signal(str, str)  # completion code, reason key (kiosk/device_messages.py words it)
    code_scanned = Signal(str)  # a new payload from a scanner (already de-duplicated)

    def __init__(self, runner: TaskRunner | None = None, interval_s: float = 5.0, timeout_s: float = 10.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._timeout_s = timeout_s
        self._devices: list[PolledDevice] = []
        self._in_flight: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval_s * 1000))
        self._timer.timeout.connect(self.poll)

    def attach_status(self, cache: StatusCache) -> None:
        cache.subscribe(self._on_status)

    def add(self, device: PolledDevice) -> None:
        """A device polled by the bridge (needs a runner)."""
        if self._runner is None:
            raise ValueError("a polled device needs a DeviceBridge with a TaskRunner")
        device.subscribe(self._changed)
        self._devices.append(device)

    def start(self) -> None:
        self._timer.start()
        self.poll()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        runner = self._runner
        if runner is None:
            return  # nothing can have been added
        for device in self._devices:
            if device.name in self._in_flight:
                continue  # the last read has not come back yet: do not pile up
            self._in_flight.add(device.name)
            runner.submit(
                device.refresh, self._timeout_s, name=f"{device.name} status",
                on_success=partial(self._read, device.name), on_failure=partial(self._failed, device.name),
            )

    def on_card_result(self, done: Completion[Any]) -> None:
        """The supervisor's `on_result` for an ID reader (called on the driver thread)."""
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
        if done.ok and done.value:
            self.code_scanned.emit(done.value)

    def _read(self, name: str, _result: object) -> None:
        self._in_flight.discard(name)

    def _failed(self, name: str, exc: Exception) -> None:
        self._in_flight.discard(name)
        log.warning("device status read failed", extra={"device": name, "error": type(exc).__name__})

    def _on_status(self, event: StatusChanged) -> None:
        self.status_changed.emit(event.device, dict(event.changed))

    def _changed(self, name: str, fields: dict[str, str]) -> None:
        """Called by polled drivers from their own threads; the signal is queued to the GUI thread."""
        self.status_changed.emit(name, dict(fields))
