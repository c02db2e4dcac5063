"""The call queue: kiosks waiting in order, officers on duty, and the pairs in a call.

Lives in the bureau process (one event loop), so a call is between sockets of the same process:
a bureau run with several workers would need a shared broker; the reference bureau runs one.
Every change is pushed at once: officers get the waiting list, each waiting kiosk its place
in line with an estimate from recent calls' lengths.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import statistics
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

DEFAULT_CALL_S = 240.0  # the estimate before any call was answered here


class Socket(Protocol):
    async def send_json(self, data: Any, mode: str = "text") -> None: ...


@dataclass
class Call:
    terminal_id: str
    hall: str
    service: str
    kiosk: Socket
    call_id: str = field(default_factory=lambda: "C" + secrets.token_hex(6).upper())
    placed_at: float = field(default_factory=time.time)
    officer: Socket | None = None
    officer_name: str = ""
    answered_at: float | None = None

    def summary(self, now: float) -> dict[str, Any]:
        return {"call_id": self.call_id, "terminal_id": self.terminal_id, "hall": self.hall,
                "service": self.service, "waiting_s": round(now - self.placed_at)}


class CallQueue:
    def __init__(self) -> None:
        self.calls: dict[str, Call] = {}  # insertion order is the line
        self.officers: dict[Socket, str] = {}  # socket -> officer login
        self._lengths: deque[float] = deque(maxlen=20)

    def waiting(self) -> list[Call]:
        return [c for c in self.calls.values() if c.officer is None]

    def estimate_s(self, position: int) -> int:
        """Seconds until a call at `position` (1 = next) is likely answered."""
        per_call = statistics.median(self._lengths) if self._lengths else DEFAULT_CALL_S
        busy_or_free = max(1, len(self.officers))
        return round(position * per_call / busy_or_free)

    async def place(self, call: Call) -> None:
        self.calls[call.call_id] = call
        log.info("remote help call placed", extra={"call": call.call_id, "terminal": call.terminal_id})
        await self._announce()

    async def officer_joined(self, socket: Socket, login: str) -> None:
        self.officers[socket] = login
        await self._announce()  # the newcomer's list; estimates change with the number of officers

    async def officer_left(self, socket: Socket) -> None:
        self.officers.pop(socket, None)
        for call in [c for c in self.calls.values() if c.officer is socket]:
            await self.end(call, "officer")
        await self._announce()

    async def accept(self, socket: Socket, name: str, call_id: str) -> Call | None:
        """Pair the officer with a waiting call; None when it is gone or another officer took it."""
        call = self.calls.get(call_id)
        if call is None or call.officer is not None or any(c.officer is socket for c in self.calls.values()):
            return None
        call.officer, call.officer_name, call.answered_at = socket, name, time.time()
        log.info("remote help call answered", extra={"call": call_id, "officer": self.officers.get(socket)})
        await self._announce()
        return call

    def call_of(self, socket: Socket) -> Call | None:
        return next((c for c in self.calls.values() if socket in (c.kiosk, c.officer)), None)

    async def relay(self, sender: Socket, message: dict[str, Any]) -> bool:
        """Pass a message to the other side of the sender's answered call; False when there is none."""
        call = self.call_of(sender)
        if call is None or call.officer is None:
            return False
        await self._send(call.officer if sender is call.kiosk else call.kiosk, message)
        return True

    async def end(self, call: Call, by: str) -> None:
        """Remove the call and tell whichever side did not end it."""
        if self.calls.pop(call.call_id, None) is None:
            return
        if call.answered_at is not None:
            self._lengths.append(time.time() - call.answered_at)
        log.info("remote help call ended", extra={"call": call.call_id, "by": by})
        for side, name in ((call.kiosk, "kiosk"), (call.officer, "officer")):
            if side is not None and name != by:
                await self._send(side, {"type": "hangup", "by": by})
        await self._announce()

    def _listing(self) -> dict[str, Any]:
        now = time.time()
        return {"type": "calls", "calls": [c.summary(now) for c in self.waiting()]}

    async def _announce(self) -> None:
        listing = self._listing()
        for socket in list(self.officers):
            await self._send(socket, listing)
        for position, call in enumerate(self.waiting(), start=1):
            await self._send(call.kiosk, {"type": "queued", "call_id": call.call_id, "position": position,
                                          "estimate_s": self.estimate_s(position)})

    @staticmethod
    async def _send(socket: Socket, message: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):  # a socket closing under us: its own handler cleans up
            await socket.send_json(message)
