"""Whether the 视频帮办 button is offered: the bureau link is up and the bureau says it is open.

The bureau publishes its service hours (`GET /v1/remote-help/status`), asked in a worker every
POLL_S and whenever the link comes back. Until the first answer the button stays hidden; when
it is not offered, the strip says why in its place.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer

from kiosk.link import LinkState
from kiosk.messages import Message
from kiosk.sync_client import BureauClient, TlsPolicy

log = logging.getLogger(__name__)

POLL_S = 60
OFFLINE = Message(QT_TRANSLATE_NOOP("Messages", "Video help: unavailable while the tax bureau is offline"))
HOURS = QT_TRANSLATE_NOOP("Messages", "Video help hours: {hours}")
STATUS_PATH = "/v1/remote-help/status"


class Availability(QObject):
    def __init__(self, kiosk: Any, button: Any, enabled: bool, key: bytes = b"") -> None:
        super().__init__(kiosk)
        self.kiosk = kiosk
        self.button = button
        self.enabled = enabled
        self.status: dict[str, Any] | None = None
        self._in_flight = False
        config = kiosk.config
        self._client = BureauClient(config.bureau.url, config.terminal.id, key, tls=TlsPolicy.of(config.bureau))
        self._timer = QTimer(self, interval=POLL_S * 1000)
        self._timer.timeout.connect(self.check_now)
        kiosk.link.changed.connect(self._on_link)
        kiosk.session.language_changed.connect(lambda _language: self._show())
        if enabled:
            self._timer.start()
        self._show()

    @property
    def available(self) -> bool:
        return (self.enabled and self.kiosk.link.state != LinkState.DOWN and self.status is not None
                and bool(self.status.get("open")))

    def _on_link(self, state: str) -> None:
        if state == LinkState.UP:
            self.check_now()
        self._show()

    def check_now(self) -> None:
        if not self.enabled or self._in_flight:
            return
        self._in_flight = True
        client, timeout = self._client, self.kiosk.config.bureau.timeout_s
        self.kiosk.runner.submit(lambda: client.get_json(STATUS_PATH, timeout), timeout_s=timeout + 1,
                                 name="remote help status", on_success=self._answer, on_failure=self._failed)

    def _answer(self, reply: Any) -> None:
        self._in_flight = False
        self.status = reply.body if reply.status == 200 and isinstance(reply.body, dict) else None
        if self.status is None:
            log.warning("remote help status refused", extra={"status": reply.status})
        self._show()

    def _failed(self, exc: Exception) -> None:
        self._in_flight = False
        self.status = None
        self._show()

    def _show(self) -> None:
        why = ""
        if not self.enabled:
            pass
        elif self.kiosk.link.state == LinkState.DOWN:
            why = OFFLINE.text()
        elif self.status is not None and not self.status.get("open"):
            why = Message(HOURS, {"hours": str(self.status.get("hours", ""))}).text()
        self.button.set_available(self.available, why)
