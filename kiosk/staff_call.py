"""呼叫工作人员: tells the hall (through the bureau, on the hall display) that this terminal needs someone.

The call goes out in a worker; the button says "calling", then "staff are on their way" for a
while, or plainly that the call did not get through and to go to the service counter. A call
is one request id, so a resend after a lost answer is still one call on the display.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import QObject, QTimer

from kiosk.link import LinkState
from kiosk.messages import Text

if TYPE_CHECKING:
    from kiosk.app import KioskApp

log = logging.getLogger(__name__)

CALLED_MS = 3 * 60 * 1000  # how long "staff are on their way" stays before the button can call again
FAILED_MS = 15 * 1000
TEXTS = {
    "idle": Text("呼叫工作人员", "Call staff"),
    "calling": Text("正在呼叫…", "Calling…"),
    "called": Text("已通知工作人员，请稍候", "Staff have been told: please wait here"),
    "failed": Text("未能呼叫，请到服务台", "Call failed: please go to the service desk"),
}


class StaffCall(QObject):
    def __init__(self, app: KioskApp) -> None:
        super().__init__(app)
        self._app = app
        self.state = "idle"
        self.button = app.window.staff_call
        self._reset = QTimer(self)
        self._reset.setSingleShot(True)
        self._reset.timeout.connect(lambda: self._show("idle"))
        self.button.ask.connect(self.call)
        self._button_gone = False
        self.button.destroyed.connect(self._stop)
        app.session.language_changed.connect(lambda _language: self._show(self.state))
        app.session.ended.connect(lambda _reason: self._show("idle") if self.state != "calling" else None)
        self._show("idle")

    def _stop(self) -> None:
        """The window went first (a test's teardown): a late timer or answer has nothing to draw on."""
        self._button_gone = True
        self._reset.stop()

    def _show(self, state: str) -> None:
        if self._button_gone:
            return
        self.state = state
        self.button.show_state(TEXTS[state].get(self._app.session.language), state)

    def call(self, how: str = "staff") -> None:
        bureau = self._app.bureau
        if self.state == "calling":
            return
        if bureau is None or self._app.link.state == LinkState.DOWN:
            log.warning("staff call not sent: no link to the bureau")
            self._done(False)
            return
        self._show("calling")
        path = f"/v1/halls/{quote(self._app.config.terminal.hall_id, safe='')}/help"
        body = {"request_id": str(uuid.uuid4()), "how": how}
        self._app.runner.submit(lambda: bureau.post(path, body), self._app.config.bureau.timeout_s + 1,
                                name="staff call", on_success=lambda _answer: self._done(True),
                                on_failure=self._failed)

    def _failed(self, exc: Exception) -> None:
        log.warning("staff call failed", extra={"error": type(exc).__name__})
        self._done(False)

    def _done(self, called: bool) -> None:
        log.info("staff called" if called else "staff call: told the taxpayer to go to the desk")
        self._show("called" if called else "failed")
        self._reset.start(CALLED_MS if called else FAILED_MS)


def bind_staff_call(app: KioskApp) -> StaffCall:
    return StaffCall(app)
