"""The officer's end: sign-in page, the console page and its WebSocket (session cookie).

The console is plain HTML + JS served from this package (no outside CDN). The WebSocket is
refused (1008) without a live session, and from a page of another origin (a browser sends
cookies along with a cross-site WebSocket, so the Origin header is what tells them apart).
"""

from __future__ import annotations

import html
import logging
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Request, WebSocket
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection

from bureau.remote_help import officers
from bureau.remote_help.kiosk_side import queue_of, settings_of
from bureau.remote_help.wire import POLICY, Reader, sdp_of

log = logging.getLogger(__name__)
router = APIRouter(prefix="/officer", include_in_schema=False)
COOKIE = "officer_session"
CONSOLE = Path(__file__).with_name("console")
STATIC = {"console.js": "text/javascript", "console.css": "text/css"}
LOCK_AFTER, LOCK_S = 5, 300


class Lockout:
    """Failed sign-ins per login: after LOCK_AFTER in a row the login waits LOCK_S."""

    def __init__(self) -> None:
        self._failures: dict[str, tuple[int, float]] = {}

    def locked(self, login: str) -> bool:
        count, last = self._failures.get(login, (0, 0.0))
        return count >= LOCK_AFTER and time.time() - last < LOCK_S

    def record(self, login: str, ok: bool) -> None:
        if ok:
            self._failures.pop(login, None)
        else:
            count, _ = self._failures.get(login, (0, 0.0))
            self._failures[login] = (count + 1, time.time())


LOCKOUT = Lockout()


def _sign_in_page(problem: str = "", status: int = 200) -> HTMLResponse:
    note = f'<p class="problem" role="alert">{html.escape(problem)}</p>' if problem else ""
    return HTMLResponse(
        f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>远程帮办 · 坐席登录 Officer sign-in</title><link rel="stylesheet" href="/officer/console.css"></head>
<body class="sign-in"><main><h1>远程帮办坐席 Remote help console</h1>{note}
<form method="post" action="/officer/sign-in">
<label>账号 Login <input name="login" autocomplete="username" required maxlength="32"></label>
<label>密码 Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">登录 Sign in</button></form></main></body></html>""",
        status_code=status,
    )


def _officer(request: HTTPConnection) -> officers.Officer | None:
    return officers.session_officer(request.app.state.engine, request.cookies.get(COOKIE))


@router.get("")
async def console(request: Request) -> Response:
    if await run_in_threadpool(_officer, request) is None:
        return _sign_in_page()
    return FileResponse(CONSOLE / "console.html", media_type="text/html")


@router.get("/{name}")
def static(name: str) -> Response:
    if name not in STATIC:
        return Response(status_code=404)
    return FileResponse(CONSOLE / name, media_type=STATIC[name])


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = parse_qs((await request.body())[:4096].decode("utf-8", "replace"))
    login = form.get("login", [""])[0].strip().lower()
    password = form.get("password", [""])[0]
    if LOCKOUT.locked(login):
        return _sign_in_page("尝试次数过多，请5分钟后再试 Too many attempts: try again in 5 minutes", 429)
    token = await run_in_threadpool(officers.sign_in, request.app.state.engine, login, password)
    LOCKOUT.record(login, token is not None)
    if token is None:
        log.warning("officer sign-in refused", extra={"login": login[:32]})
        return _sign_in_page("账号或密码不正确 Login or password is wrong", 401)
    response = RedirectResponse("/officer", status_code=303)
    secure = request.url.scheme == "https"
    response.set_cookie(COOKIE, token, max_age=officers.SESSION_S, httponly=True, samesite="strict",
                        secure=secure, path="/officer")
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    token = request.cookies.get(COOKIE)
    if token:
        await run_in_threadpool(officers.sign_out, request.app.state.engine, token)
    response = RedirectResponse("/officer", status_code=303)
    response.delete_cookie(COOKIE, path="/officer")
    return response


def _same_origin(socket: WebSocket) -> bool:
    origin = socket.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == socket.headers.get("host")


@router.websocket("/ws")
async def officer_socket(socket: WebSocket) -> None:
    officer = await run_in_threadpool(_officer, socket)
    if officer is None or not _same_origin(socket):
        log.warning("remote help: officer socket refused", extra={"signed_in": officer is not None})
        await socket.close(POLICY, "not_signed_in" if officer is None else "bad_origin")
        return
    await socket.accept()
    queue = queue_of(socket.app)
    await queue.officer_joined(socket, officer.login)
    reader = Reader(socket, frozenset({"accept", "answer", "hangup"}))
    try:
        while (message := await reader.next()) is not None:
            await _handle(socket, officer, message)
    finally:
        await queue.officer_left(socket)


async def _handle(socket: WebSocket, officer: officers.Officer, message: dict[str, object]) -> None:
    queue = queue_of(socket.app)
    kind = message["type"]
    if kind == "accept":
        call = await queue.accept(socket, officer.name, str(message.get("call_id", ""))[:32])
        if call is None:
            await socket.send_json({"type": "error", "code": "taken",
                                    "message": "该来电已被接听或已取消 call taken or gone"})
            return
        await socket.send_json({"type": "accepted", "call": call.summary(time.time()),
                                "ice_servers": settings_of(socket.app).ice_servers})
        await call.kiosk.send_json({"type": "answered", "officer": officer.name,
                                    "ice_servers": settings_of(socket.app).ice_servers})
    elif kind == "answer":
        sdp = sdp_of(message)
        if sdp is None or not await queue.relay(socket, {"type": "answer", "sdp": sdp}):
            await socket.send_json({"type": "error", "code": "not_now", "message": "no call for this answer"})
    elif kind == "hangup" and (call := queue.call_of(socket)) is not None:
        await queue.end(call, "officer")
