"""Request bodies the bureau will read: bounded in size and in time, before any other work.

An ASGI middleware in front of everything: a Content-Length over the limit is refused (413)
before a byte of the body is read, and a body without one (chunked) is refused as soon as it
grows past the limit. The body must also arrive in time: a client that sends less than it
announced, or trickles it, is answered 408 instead of holding a worker and a connection open.
Every refusal closes the connection (what is left of the body is never read). Only then does
the app see the request, with the whole body already in memory, so authentication and
validation never wait on the network.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bureau.errors import error_body

MAX_BODY_BYTES = 4 * 1024 * 1024  # a batch of 500 transactions or one face capture fits with room
BODY_TIMEOUT_S = 20.0  # the whole body, from the end of the headers


class BodyGuard:
    """Read each request body whole, within `max_bytes` and `timeout_s`, before the app runs."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES, timeout_s: float = BODY_TIMEOUT_S) -> None:
        self.app, self.max_bytes, self.timeout_s = app, max_bytes, timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = _content_length(scope)
        if announced == -1:
            await _refuse(scope, receive, send, 400, "bad_content_length", "Content-Length is not a number")
            return
        if announced is not None and announced > self.max_bytes:
            await _refuse(scope, receive, send, 413, "too_large", f"the body may be at most {self.max_bytes} bytes")
            return
        try:
            body = await asyncio.wait_for(self._read(receive), self.timeout_s)
        except TimeoutError:
            await _refuse(scope, receive, send, 408, "body_timeout",
                          f"the body did not arrive within {self.timeout_s:g} s")
            return
        except _TooLarge:
            await _refuse(scope, receive, send, 413, "too_large", f"the body may be at most {self.max_bytes} bytes")
            return
        except _Disconnected:
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


class _TooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


def _content_length(scope: Scope) -> int | None:
    """The announced length; None when absent, -1 when it is not a plain number."""
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) <= 18 else -1
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # after the body: only a disconnect can come
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str) -> None:
    response = JSONResponse(error_body(code, message), status_code=status, headers={"Connection": "close"})
    await response(scope, receive, send)


def uvicorn_settings() -> dict[str, Any]:
    """How `bureau serve` runs uvicorn: idle keep-alive connections and total connections bounded."""
    return {"timeout_keep_alive": 5, "limit_concurrency": 200, "h11_max_incomplete_event_size": 64 * 1024,
            "server_header": False}
