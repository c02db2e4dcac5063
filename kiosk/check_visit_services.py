"""Binds the check and visit services' actions (invoice and certificate checks, queue tickets with
the comfort index, appointments, notices) to this terminal's outbox, printer and bureau.

Also keeps what those services need from the bureau for when the link is down: whenever the
link comes up (and every few minutes while it stays up) the document public key, the hall's
comfort index and the bureau's notices are fetched in a worker.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.bureau_calls import UNREACHABLE, BureauCalls
from kiosk.content_cache import ContentCache
from kiosk.flow.engine import ActionError
from kiosk.link import LinkState
from kiosk.services import appointments, check_codes, checks, notices, tickets
from kiosk.services.comfort import HallComfort
from offline_queue.outbox import Outbox

if TYPE_CHECKING:
    from kiosk.app import KioskApp

log = logging.getLogger(__name__)

PUBLIC_KEY = "public_key"
REFRESH_MS = 10 * 60 * 1000


class CheckVisitServices(QObject):
    comfort_updated = Signal()  # a fresh comfort index arrived
    notices_updated = Signal(object)  # the bureau's notices content (dict), fetched or read from the cache

    def __init__(self, app: KioskApp) -> None:
        super().__init__(app)
        self._app = app
        self.content = ContentCache(app.config.paths.data() / "content")
        self.comfort = HallComfort(app.config.terminal.hall_id)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        app.link.changed.connect(self._on_link)
        t = app.config.terminal
        bind = app.engine.bind
        bind(checks.READ_INVOICE, lambda c: checks.read_invoice(self._finder(), c))
        bind(checks.CHECK_INVOICE, lambda c: checks.check_invoice(self._bureau().post, c))
        bind(checks.CHECK_CERTIFICATE,
             lambda c: checks.check_certificate(self.public_key, self._online_check(), self._finder(), c))
        bind(notices.LOAD_ACTION, notices.load_action(lambda: self.content.get(notices.CONTENT)))
        app.runner.submit(lambda: self.content.get(notices.CONTENT), 5.0, name="cached notices",
                          on_success=self._notices_read)
        bind(appointments.LOAD_ACTION, lambda c: appointments.load(self._online(), t.hall_id, c))
        bind(appointments.PRINT_ACTION, lambda c: appointments.print_appointment(app.printer, t.hall, c))
        outbox = app.outbox
        if outbox is not None:
            bind(tickets.ISSUE_ACTION, lambda c: self._issue_ticket(outbox, c))
            bind(appointments.BOOK_ACTION, lambda c: appointments.book(outbox, self._online(), t.hall_id, c))

    def _issue_ticket(self, outbox: Outbox, context: Mapping[str, Any]) -> dict[str, Any]:
        """The ticket is durable first; then, online, it joins the hall's calling queue to learn who is ahead."""
        t = self._app.config.terminal
        ticket = tickets.issue_ticket(outbox, t.station, context, hall_id=t.hall_id)
        online = self._app.bureau if self._app.link.state != LinkState.DOWN else None
        ahead = tickets.register_ticket(online, ticket, t.hall_id)
        return {**ticket, "ahead": ahead, "comfort": self.comfort.snapshot(self._link_up())}

    def _online(self) -> BureauCalls | None:
        """The bureau, unless the link is known to be down (then a service works offline at once)."""
        return self._app.bureau if self._app.link.state != LinkState.DOWN else None

    def _link_up(self) -> bool:
        return self._app.link.state == LinkState.UP

    def _bureau(self) -> BureauCalls:
        if self._app.bureau is None:
            raise ActionError(UNREACHABLE)
        return self._app.bureau

    def _online_check(self) -> Any:
        """The bureau's record check, unless the link is known to be down (then the offline verdict stands)."""
        if self._app.bureau is None or self._app.link.state == LinkState.DOWN:
            return None
        post = self._app.bureau.post
        return lambda payload: post(checks.CHECK_PATH, {"qr": payload})

    def _finder(self) -> check_codes.Finder | None:
        """Typed codes looked up at the bureau, unless the link is known to be down."""
        if self._app.bureau is None or self._app.link.state == LinkState.DOWN:
            return None
        return check_codes.finder(self._app.bureau.post)

    def public_key(self) -> str | None:
        """The bureau's document key as last downloaded; fetched now if this terminal never had it."""
        data = self.content.get(PUBLIC_KEY)
        if data is None and self._app.bureau is not None and self._app.link.state != LinkState.DOWN:
            try:
                data = self.content.refresh(self._app.bureau, PUBLIC_KEY)
            except (ActionError, ValueError):
                log.info("document key not available yet")
        key = data.get("public_key_hex") if data else None
        return key if isinstance(key, str) else None

    def _on_link(self, state: str) -> None:
        if state == LinkState.UP:
            self.refresh()
            self._timer.start()
        else:
            self._timer.stop()

    def refresh(self) -> None:
        """Fetch the key and the comfort index in a worker; failures are logged and tried again later."""
        bureau = self._app.bureau
        if bureau is None:
            return

        fetches = {"document key": (lambda: self.content.refresh(bureau, PUBLIC_KEY), None),
                   "comfort index": (lambda: self.comfort.refresh(bureau.get), lambda _: self.comfort_updated.emit()),
                   "notices": (lambda: self.content.refresh(bureau, notices.CONTENT), self._notices_read)}
        for name, (fetch, done) in fetches.items():
            self._app.runner.submit(fetch, self._app.config.bureau.timeout_s + 1, name=name, on_success=done,
                                    on_failure=functools.partial(_not_refreshed, name))

    def _notices_read(self, data: dict[str, Any] | None) -> None:
        if data is not None:
            self.notices_updated.emit(data)


def _not_refreshed(what: str, exc: Exception) -> None:
    log.info("not refreshed", extra={"what": what, "error": type(exc).__name__})


def bind_check_visit_services(app: KioskApp) -> CheckVisitServices:
    return CheckVisitServices(app)
