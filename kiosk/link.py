"""The bureau link indicator: a periodic health check in a worker, never on the GUI thread."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.sync_client import BureauClient, TlsPolicy
from kiosk.tasks import TaskRunner

log = logging.getLogger(__name__)


class LinkState:
    UNKNOWN = "unknown"
    UP = "up"
    DOWN = "down"


class BureauLink(QObject):
    """Polls `GET /health`; emits `changed(state)` only when the state changes.

    The probe goes through a `BureauClient`, so it checks the bureau's certificate like every call.
    """

    changed = Signal(str)

    def __init__(
        self, runner: TaskRunner, base_url: str, timeout_s: float, interval_s: float,
        parent: QObject | None = None, tls: TlsPolicy | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = LinkState.UNKNOWN
        self._runner = runner
        self._client = BureauClient(base_url, "", b"", tls=tls)
        self._timeout_s = timeout_s
        self._in_flight = False
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval_s * 1000))
        self._timer.timeout.connect(self.check_now)

    def start(self) -> None:
        self._timer.start()
        self.check_now()

    def stop(self) -> None:
        self._timer.stop()

    def check_now(self) -> None:
        if self._in_flight:
            return
        self._in_flight = True
        client, timeout = self._client, self._timeout_s

        def probe() -> bool:
            return client.probe("/health", timeout)[0] == 200

        self._runner.submit(
            probe, timeout_s=timeout + 1, name="bureau health",
            on_success=lambda ok: self._set(LinkState.UP if ok else LinkState.DOWN),
            on_failure=lambda exc: self._set(LinkState.DOWN, exc),
        )

    def _set(self, state: str, error: Exception | None = None) -> None:
        self._in_flight = False
        if state == self.state:
            return
        if state == LinkState.DOWN:
            log.warning("bureau link down", extra={"error": type(error).__name__ if error else "bad status"})
        elif self.state == LinkState.DOWN:
            log.info("bureau link back up")
        self.state = state
        self.changed.emit(state)
