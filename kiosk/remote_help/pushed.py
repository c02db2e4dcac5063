"""The officer's actions arriving over the data channel: checked, shown to the taxpayer, answered.

Nothing happens out of sight: a service opens on screen with a note saying the officer opened
it, a guide, notice or link appears in the call band, a request to see the screen waits for
the taxpayer's choice. Each answer (shown, declined, refused with a reason) goes back to the
console and into the audit.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.messages import Message
from kiosk.remote_help.actions import Action, Refused, parse, reply
from kiosk.services.guides import load_guides

log = logging.getLogger(__name__)

OPENED = QT_TRANSLATE_NOOP("Messages", "The tax officer opened: {service}")
MESSAGE = Message(QT_TRANSLATE_NOOP("Messages", "Message from the tax officer"))
SCAN = Message(QT_TRANSLATE_NOOP("Messages", "Scan this code with your phone"))
RATE = Message(QT_TRANSLATE_NOOP("Messages", "The tax officer asks you to rate this service"))


class Pushed:
    def __init__(self, help_: Any) -> None:
        self.help = help_
        self.share_request = 0  # the id of the screen request awaiting the taxpayer's choice
        self.shown: Action | None = None  # the last action shown in the band (redrawn on a language switch)
        help_.kiosk.session.language_changed.connect(lambda _language: self.redisplay())

    def services(self) -> dict[str, str]:
        """Services an officer may open here: those this terminal can start now."""
        kiosk = self.help.kiosk
        return {s.id: s.title.zh for s in kiosk.catalogue.services if kiosk._can_start(s.id)}

    def hello(self) -> dict[str, Any]:
        return {"services": [{"id": k, "title": v} for k, v in self.services().items()],
                "guides": [{"id": g.id, "title": g.title.zh} for g in load_guides()]}

    def on_message(self, raw: str) -> None:
        try:
            action = parse(raw, self.services(), {g.id for g in load_guides()})
        except Refused as refused:
            log.warning("remote help action refused", extra={"reason": refused.reason})
            self._answer(refused.action_id, "refused", refused.reason, kind="")
            return
        status, reason = self._show(action)
        self._answer(action.id, status, reason, kind=action.kind)

    def _show(self, action: Action) -> tuple[str, str]:
        """Do what the action asks where the taxpayer sees it; (status, reason) for the console."""
        kiosk, panel = self.help.kiosk, self.help.panel
        if action.kind == "open_service":
            if kiosk.payment_watch.active:
                return "refused", "payment_in_progress"  # never pull a taxpayer out of a payment
            kiosk.choose_service(action.value)
        elif action.kind == "request_rating":
            if kiosk.session.get("rated"):
                return "refused", "already_rated"
            kiosk.choose_service("rating")
        elif action.kind == "request_screen":
            self.share_request = action.id
            panel.ask_share(True)
            return "asked", ""
        self.shown = action
        self.redisplay()
        return "shown", ""

    def redisplay(self) -> None:
        """What the last action put in the band, in the language of the moment (also after a switch)."""
        action, kiosk, panel = self.shown, self.help.kiosk, self.help.panel
        if action is None or self.help.state != "in_call" or panel.share_allow.isVisible():
            return
        language = kiosk.session.language
        if action.kind == "open_service":
            title = kiosk.catalogue.get(action.value).title.get(language)
            panel.show_pushed(Message(OPENED, {"service": title}).text(), "")
        elif action.kind == "show_guide":
            guide = next(g for g in load_guides() if g.id == action.value)
            panel.show_pushed(guide.title.get(language), guide.body.get(language), guide.url)
        elif action.kind == "show_notice":
            panel.show_pushed(MESSAGE.text(), action.value)
        elif action.kind == "push_link":
            panel.show_pushed(SCAN.text(), action.value, action.value)
        elif action.kind == "request_rating":
            panel.show_pushed(RATE.text(), "")

    def share_chosen(self, choice: str) -> None:
        """The taxpayer's answer to "may the officer see your screen?"."""
        self.help.panel.ask_share(False)
        if self.share_request:
            self._answer(self.share_request, "declined" if choice == "none" else "accepted", choice,
                         kind="request_screen")
            self.share_request = 0
        if choice != "none":
            self.help.start_sharing(choice)

    def _answer(self, action_id: int, status: str, reason: str, kind: str) -> None:
        help_ = self.help
        call, loop = help_.call, help_.loop
        if call is not None and loop is not None:
            loop.call_soon(call.send, reply(action_id, status, reason))
        help_.audit("action", action=kind, status=status, reason=reason)
