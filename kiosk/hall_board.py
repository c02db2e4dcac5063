"""What the hall tells every passer-by on the attract and home screens: the comfort index, notices.

Reworded every minute from the bureau's last answer (the counters close at a fixed minute, and
"quiet now" must never show once they have), when a fresh answer arrives and when the link
changes. Nothing here waits: the answer is fetched by `CheckVisitServices` in a worker.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from kiosk.link import LinkState
from kiosk.services import notices
from kiosk.services.comfort import Outlook, outlook

if TYPE_CHECKING:
    from kiosk.app import KioskApp

TICK_MS = 60_000


class HallBoard(QObject):
    def __init__(self, app: KioskApp, clock: Callable[[], datetime.datetime] = datetime.datetime.now) -> None:
        super().__init__(app)
        self._app = app
        self.clock = clock  # tests and screenshots show other hours
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()
        self._window_gone = False
        app.window.destroyed.connect(self._stop)
        app.check_visit.comfort_updated.connect(self.redraw)
        app.check_visit.notices_updated.connect(self._on_notices)
        self._notices: dict[str, Any] | None = None
        app.link.changed.connect(lambda _state: self.redraw())
        self.redraw()

    def current(self) -> Outlook | None:
        answer = self._app.check_visit.comfort.snapshot(self._app.link.state == LinkState.UP)
        return outlook(answer, self.clock()) if answer is not None else None

    def _stop(self) -> None:
        """The window went first (a test's teardown): a late tick or answer has nothing to draw on."""
        self._window_gone = True
        self._timer.stop()

    def redraw(self) -> None:
        if self._window_gone:
            return
        seen = self.current()
        w = self._app.window
        w.attract.comfort.show_outlook(seen)
        w.home.comfort.show_outlook(seen)
        bureau = [f"{n.zh}\n{n.en}" for n in notices.current(self._notices, self.clock().date())]
        w.attract.set_notices([*bureau, *self._app.config.terminal.notices])

    def _on_notices(self, data: dict[str, Any]) -> None:
        self._notices = data
        self.redraw()


def bind_hall_board(app: KioskApp) -> HallBoard:
    return HallBoard(app)
