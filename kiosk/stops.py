"""When the kiosk cannot serve: out of service (no outbox to record in) or a fault no code caught.

Both leave a state to carry on: out of service keeps the window, diagnostics and the watchdog alive
(systemd would restart an exit into the same refusal, forever); a fault cancels the service in
progress and offers the way back to the services. What a person confirmed is already in the outbox.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

if TYPE_CHECKING:
    from kiosk.app import KioskApp

log = logging.getLogger(__name__)

OUT_OF_SERVICE = (
    QT_TRANSLATE_NOOP("OutOfService", "Out of service"),
    QT_TRANSLATE_NOOP("OutOfService", "This terminal cannot take transactions now. Please use another terminal"
                      " or go to a service counter."),
)


def out_of_service(app: KioskApp, technician: str) -> None:
    """No session starts. Both languages on the attract screen (nobody has chosen one yet) and,
    smaller, the technician's message naming the file and what to do."""
    app.refusing = technician
    lines = [app.languages.translate(lang, "OutOfService", str(text)) for text in OUT_OF_SERVICE
             for lang in ("zh_CN", "en")]
    app.window.attract.set_out_of_service(lines, f"维护人员 Technician: {technician}")
    log.error("out of service: %s", technician)
    if not app.session.active:
        app.window.show_screen(app.window.attract)


def fault(app: KioskApp, kind: str) -> None:
    """An error no code caught (kiosk.crash_guard, already logged): end the service in progress, say so."""
    if app.refusing is not None:
        return
    try:
        app.payment_watch.give_up("error")
        app.engine.cancel()
    finally:
        w = app.window
        if app.session.active:
            w.overlay.hide()
            w.message.show_message(
                QCoreApplication.translate("KioskApp", "Sorry, something went wrong"),
                QCoreApplication.translate(
                    "KioskApp", "This step could not be finished. Nothing you already confirmed is lost. Please"
                    " go back to the services and try again, or ask at the service counter."),
                QCoreApplication.translate("KioskApp", "Back to services"))
            w.show_screen(w.message)
        else:
            w.show_screen(w.attract)
