"""Bureau calls made by service actions (queries, certificates, payments), worded for the taxpayer.

Actions run in worker threads (the flow engine's TaskRunner), so these calls block freely. A
call either returns the bureau's JSON answer or raises `ActionError` with a message a
taxpayer can read and act on; a refusal the service itself must interpret (no such record,
a conflict) is a `BureauRefusal` carrying the bureau's stable error code.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.flow.engine import ActionError
from kiosk.messages import Message
from kiosk.sync_client import BureauClient
from offline_queue.sync import Reply, TransportError
from taxcore.signing import HEADER_TAXPAYER_SESSION

log = logging.getLogger(__name__)

SESSION_END_PATH = "/v1/identity/session/end"

UNREACHABLE = Message(QT_TRANSLATE_NOOP(
    "Messages", "The tax bureau cannot be reached right now. Please try again in a moment, "
                "or ask at the service counter."))
BUREAU_FAULT = Message(QT_TRANSLATE_NOOP(
    "Messages", "The tax bureau could not handle this request right now. Please try again later "
                "or ask at the service counter."))
IDENTIFY_AGAIN = Message(QT_TRANSLATE_NOOP(
    "Messages", "For your protection, please confirm who you are again: start the service once more "
                "and show your ID card and face."))
TERMINAL_REFUSED = Message(QT_TRANSLATE_NOOP(
    "Messages", "This terminal is not able to reach the tax bureau's services. Please ask a member of staff."))


class BureauRefusal(ActionError):
    """The bureau answered with a 4xx the service may explain better (e.g. `not_found`)."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(BUREAU_FAULT, retry=False)
        self.status = status
        self.code = code
        self.detail = detail


class BureauCalls:
    """Signed GET/POST to the bureau for service actions, with one timeout for every call.

    Once the taxpayer is verified, every call carries the bureau's session token for them
    (`X-Taxpayer-Session`): the bureau answers for that taxpayer only. The token is dropped the
    moment the kiosk session ends (`drop_taxpayer`), and the bureau is told on a worker.
    """

    def __init__(self, client: BureauClient, timeout_s: float) -> None:
        self._client = client
        self._timeout_s = timeout_s
        self._lock = threading.Lock()
        self._taxpayer_token: str | None = None

    def begin_taxpayer(self, token: str) -> None:
        """The bureau verified the person at the kiosk: act for them from now on."""
        with self._lock:
            self._taxpayer_token = token

    def drop_taxpayer(self) -> str | None:
        """Forget the taxpayer's session now (their visit ended); the token, to tell the bureau with."""
        with self._lock:
            token, self._taxpayer_token = self._taxpayer_token, None
        return token

    def end_at_bureau(self, token: str) -> None:
        """Tell the bureau a visit's session is over (a worker's job; it also ends on its own time)."""
        try:
            self._client.post_json(SESSION_END_PATH, {}, self._timeout_s, {HEADER_TAXPAYER_SESSION: token})
        except TransportError as exc:
            log.info("bureau not told of the session end; it expires there", extra={"error": str(exc)[:200]})

    def _headers(self) -> dict[str, str]:
        with self._lock:
            return {HEADER_TAXPAYER_SESSION: self._taxpayer_token} if self._taxpayer_token else {}

    def get(self, path: str, refused: Message | None = None) -> Any:
        """The answer; a refusal is `refused` for the taxpayer, or without it a `BureauRefusal` to interpret."""
        headers = self._headers()
        return self._answer("GET", path, lambda: self._client.get_json(path, self._timeout_s, headers), refused)

    def post(self, path: str, body: dict[str, Any], refused: Message | None = None) -> Any:
        headers = self._headers()
        return self._answer("POST", path, lambda: self._client.post_json(path, body, self._timeout_s, headers),
                            refused)

    def _answer(self, method: str, path: str, send: Any, refused: Message | None) -> Any:
        route = path.split("?", 1)[0]
        try:
            reply: Reply = send()
        except TransportError as exc:
            log.warning("bureau call failed", extra={"route": route, "method": method, "error": str(exc)[:200]})
            raise ActionError(UNREACHABLE) from exc
        if 200 <= reply.status < 300:
            return reply.body
        error = (reply.body or {}).get("error", {}) if isinstance(reply.body, dict) else {}
        code, detail = str(error.get("code", "")), str(error.get("message", ""))
        log.warning("bureau refused", extra={"route": route, "method": method, "status": reply.status, "code": code})
        if reply.status == 401:
            raise ActionError(TERMINAL_REFUSED, retry=False)
        if reply.status == 403 and code.startswith(("taxpayer_session", "not_this_taxpayer")):
            raise ActionError(IDENTIFY_AGAIN, retry=False)
        if reply.status >= 500:
            raise ActionError(BUREAU_FAULT)
        refusal = BureauRefusal(reply.status, code, detail)
        if refused is not None:
            raise ActionError(refused, retry=False) from refusal
        raise refusal
