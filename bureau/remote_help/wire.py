"""Reading signalling messages off a WebSocket: JSON objects of known types, size-limited.

A peer that keeps sending garbage is closed; one bad message is answered with an error it
can show, so a console or a kiosk never sits waiting on a message the bureau threw away.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.websockets import WebSocket

MAX_MESSAGE = 64 * 1024  # an SDP with every candidate is a few kB
MAX_BAD = 3
POLICY = 1008  # WebSocket close code: policy violation (refused authentication, bad messages)


class Reader:
    def __init__(self, socket: WebSocket, known: frozenset[str]) -> None:
        self.socket = socket
        self.known = known
        self.bad = 0

    async def next(self, timeout_s: float | None = None) -> dict[str, Any] | None:
        """The next well-formed message; None when the peer went away or misbehaved too often."""
        while self.bad < MAX_BAD:
            try:
                raw = await asyncio.wait_for(self.socket.receive(), timeout_s)
            except TimeoutError:
                return None
            if raw["type"] == "websocket.disconnect":
                return None
            text = raw.get("text") or ""
            message = _parse(text) if len(text) <= MAX_MESSAGE else None
            if message is not None and message.get("type") in self.known:
                return message
            self.bad += 1
            await self.socket.send_json({"type": "error", "code": "bad_message",
                                         "message": f"expected a JSON object with type in {sorted(self.known)}"})
        await self.socket.close(POLICY, "bad messages")
        return None


def _parse(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def short(value: Any, limit: int = 64) -> str:
    """A display string from a peer: text only, bounded."""
    return value[:limit] if isinstance(value, str) else ""


def sdp_of(message: dict[str, Any]) -> str | None:
    sdp = message.get("sdp")
    return sdp if isinstance(sdp, str) and sdp.startswith("v=0") else None
