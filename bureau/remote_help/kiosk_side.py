"""The kiosk's end of signalling: a signed WebSocket that places one call and carries its offer.

The handshake is signed like every `/v1` request (GET, the path, no body): an unsigned,
unknown, stale or replayed handshake is closed with 1008 before it is accepted.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request, WebSocket

from bureau.auth import Terminal, signed_by
from bureau.errors import SIGNED, ApiError
from bureau.remote_help.queue import Call, CallQueue
from bureau.remote_help.settings import RemoteHelpSettings
from bureau.remote_help.wire import POLICY, Reader, sdp_of, short

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/remote-help", tags=["remote help"])
FIRST_MESSAGE_S = 10.0


def settings_of(app: Any) -> RemoteHelpSettings:
    settings: RemoteHelpSettings = app.state.remote_help
    return settings


def queue_of(app: Any) -> CallQueue:
    queue: CallQueue = app.state.call_queue
    return queue


@router.get("/status", responses=SIGNED)
def status(request: Request, terminal: Terminal) -> dict[str, Any]:
    """Whether a kiosk may offer the 视频帮办 button now, and the ICE servers a call should use."""
    settings, queue = settings_of(request.app), queue_of(request.app)
    return {"open": settings.open_at(), "hours": settings.hours, "officers_on_duty": len(queue.officers),
            "waiting": len(queue.waiting()), "ice_servers": settings.ice_servers}


@router.websocket("/kiosk")
async def kiosk_socket(socket: WebSocket) -> None:
    try:
        terminal_id = await signed_by(socket, "GET", b"")
    except ApiError as refused:
        log.warning("remote help: unsigned kiosk socket refused", extra={"code": refused.code})
        await socket.close(POLICY, refused.code)
        return
    await socket.accept()
    settings, queue = settings_of(socket.app), queue_of(socket.app)
    reader = Reader(socket, frozenset({"call", "offer", "hangup"}))
    first = await reader.next(FIRST_MESSAGE_S)
    if first is None or first["type"] != "call":
        await socket.close(POLICY, "expected a call")
        return
    if not settings.open_at():
        await socket.send_json({"type": "closed", "hours": settings.hours})
        await socket.close()
        return
    call = Call(terminal_id, short(first.get("hall")), short(first.get("service")), socket)
    await queue.place(call)
    try:
        while (message := await reader.next()) is not None and message["type"] != "hangup":
            sdp = sdp_of(message)
            if sdp is None or not await queue.relay(socket, {"type": "offer", "sdp": sdp}):
                await socket.send_json({"type": "error", "code": "not_now", "message": "no answered call for an offer"})
    finally:
        await queue.end(call, "kiosk")
