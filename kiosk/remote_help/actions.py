"""What an officer may ask of the kiosk over the call's data channel, checked before anything is shown.

Only these actions exist; anything else, or a field out of bounds, is refused with a reason the
console shows. Accepted actions are shown to the taxpayer (a service opens where they can see
it, a guide or notice or QR appears on screen, a question asks for their yes), never run silently.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

KINDS = ("open_service", "show_guide", "show_notice", "push_link", "request_rating", "request_screen")
MAX_MESSAGE = 4096


@dataclass(frozen=True)
class Action:
    id: int
    kind: str
    value: str = ""  # the service id, guide id, notice text or link


class Refused(ValueError):
    def __init__(self, action_id: int, reason: str) -> None:
        super().__init__(reason)
        self.action_id = action_id
        self.reason = reason


def parse(raw: str | bytes, services: Collection[str], guides: Collection[str]) -> Action:
    """The action in one data-channel message, or `Refused` (with the id to answer, 0 if none)."""
    if len(raw) > MAX_MESSAGE:
        raise Refused(0, "too_long")
    try:
        message = json.loads(raw)
    except ValueError:
        raise Refused(0, "not_json") from None
    if not isinstance(message, dict) or message.get("type") != "action":
        raise Refused(0, "not_an_action")
    action_id = message.get("id")
    if not isinstance(action_id, int) or isinstance(action_id, bool) or not 0 < action_id < 2**31:
        raise Refused(0, "bad_id")
    kind = message.get("action")
    if kind not in KINDS:
        raise Refused(action_id, "unknown_action")
    if kind == "open_service":
        return Action(action_id, kind, _one_of(action_id, message.get("service"), services, "unknown_service"))
    if kind == "show_guide":
        return Action(action_id, kind, _one_of(action_id, message.get("guide"), guides, "unknown_guide"))
    if kind == "show_notice":
        text = message.get("text")
        if not isinstance(text, str) or not 0 < len(text.strip()) <= 200:
            raise Refused(action_id, "bad_text")
        return Action(action_id, kind, text.strip())
    if kind == "push_link":
        return Action(action_id, kind, _link(action_id, message.get("url")))
    return Action(action_id, kind)


def _one_of(action_id: int, value: object, allowed: Collection[str], reason: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise Refused(action_id, reason)
    return value


def _link(action_id: int, url: object) -> str:
    """An http(s) link short enough for a QR a phone reads from the screen."""
    if not isinstance(url, str) or len(url) > 500 or any(c.isspace() for c in url):
        raise Refused(action_id, "bad_link")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise Refused(action_id, "bad_link")
    return url


def reply(action_id: int, status: str, reason: str = "") -> str:
    """The answer the console shows: shown, accepted, declined or refused (with why)."""
    return json.dumps({"type": "reply", "re": action_id, "status": status, "reason": reason})
