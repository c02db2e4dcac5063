"""Device status into the GUI: driver callbacks (any thread) become Qt signals on the GUI thread.

Drivers know nothing of Qt. Each device offers `subscribe(listener)` for changed fields and a
`refresh()` that reads its status; the bridge polls `refresh()` in a worker on a timer, so a
slow or silent device never holds up the screen.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.tasks import TaskRunner

log = logging.getLogger(__name__)


class PolledDevice(Protocol):
    name: str

    def subscribe(self, listener: Any) -> None: ...

    def refresh(self) -> Any: ...


class DeviceBridge(QObject):
    status_changed = Signal(str, dict)  # device name, the fields that changed

    def __init__(self, runner: TaskRunner, interval_s: float = 5.0, timeout_s: float = 10.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._timeout_s = timeout_s
        self._devices: list[PolledDevice] = []
        self._in_flight: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval_s * 1000))
        self._timer.timeout.connect(self.poll)

    def add(self, device: PolledDevice) -> None:
        device.subscribe(self._changed)
        self._devices.append(device)

    def start(self) -> None:
        self._timer.start()
        self.poll()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        for device in self._devices:
            if device.name in self._in_flight:
                continue  # the last read has not come back yet: do not pile up
            self._in_flight.add(device.name)
            self._runner.submit(
                device.refresh, self._timeout_s, name=f"{device.name} status",
                on_success=partial(self._read, device.name), on_failure=partial(self._failed, device.name),
            )

    def _read(self, name: str, _result: object) -> None:
        self._in_flight.discard(name)

    def _failed(self, name: str, exc: Exception) -> None:
        self._in_flight.discard(name)
        log.warning("device status read failed", extra={"device": name, "error": type(exc).__name__})

    def _changed(self, name: str, fields: dict[str, str]) -> None:
        """Called by drivers from their own threads; the signal is queued to the GUI thread."""
        self.status_changed.emit(name, dict(fields))
