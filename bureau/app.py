"""The bureau's HTTP API (FastAPI); its OpenAPI document is the terminal/bureau contract.

Every `/v1/*` request is signed by its terminal (bureau/signing.py); every refusal is a 4xx
with a machine-readable code and a human message, never a 500.
"""

from __future__ import annotations

import html
import time
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from bureau import signing
from bureau.store import Store

STARTED = time.time()


class ApiError(HTTPException):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status_code=status, detail={"code": code, "message": message})


class Item(BaseModel):
    id: str = Field(min_length=1, max_length=64)
    seq: int = Field(ge=0)
    kind: str = Field(min_length=1, max_length=64)
    created_at: str
    payload: Any


class Batch(BaseModel):
    terminal_id: str
    items: list[Item] = Field(max_length=1000)


class ItemResult(BaseModel):
    id: str
    status: str  # accepted | duplicate | rejected
    reason: str | None


class BatchResult(BaseModel):
    results: list[ItemResult]
    gaps: list[list[int]]


class Heartbeat(BaseModel):
    terminal_id: str
    version: str = ""
    build: str = ""
    devices: dict[str, dict[str, Any]] = {}
    backlog: dict[str, Any] = {}


class HeartbeatResult(BaseModel):
    ok: bool
    server_time: float


def create_app(store: Store) -> FastAPI:
    app = FastAPI(title="Reference tax bureau", version="0.1.0")

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, dict) else {"code": "error", "message": str(exc.detail)}
        return JSONResponse({"error": detail}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return JSONResponse({"error": {"code": "invalid_request", "message": f"{where}: {first.get('msg', '')}"}},
                            status_code=422)

    async def terminal(request: Request) -> str:
        """The authenticated terminal id, or a 401 that says why."""
        h = request.headers
        terminal_id = h.get(signing.HEADER_TERMINAL, "")
        key = store.terminal_key(terminal_id) if terminal_id else None
        if key is None:
            raise ApiError(401, "unknown_terminal", "this terminal is not registered with the bureau")
        ts, nonce, sig = (h.get(signing.HEADER_TIMESTAMP, ""), h.get(signing.HEADER_NONCE, ""),
                          h.get(signing.HEADER_SIGNATURE, ""))
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if not signing.verify(key, request.method, path, ts, nonce, await request.body(), sig):
            raise ApiError(401, "bad_signature", "the request signature does not match")
        if not ts.isdigit() or abs(time.time() - int(ts)) > signing.MAX_SKEW_S:
            raise ApiError(401, "stale_request", "the request timestamp is outside the allowed window")
        if not nonce or not store.use_nonce(terminal_id, nonce, 2 * signing.MAX_SKEW_S):
            raise ApiError(401, "replayed_request", "this request was already received")
        return terminal_id

    @app.get("/health")
    def health() -> dict[str, object]:
        """Liveness for terminals' link indicator and for process supervisors (unsigned)."""
        return {"status": "ok", "uptime_s": round(time.time() - STARTED, 1)}

    @app.post("/v1/transactions/batch", response_model=BatchResult)
    def ingest(batch: Batch, terminal_id: str = Depends(terminal)) -> BatchResult:
        """Idempotent: an id seen before is `duplicate` (delivered), whatever its new content."""
        if batch.terminal_id != terminal_id:
            raise ApiError(403, "wrong_terminal", "a terminal may only send its own transactions")
        results, gaps = store.ingest(terminal_id, [i.model_dump() for i in batch.items])
        return BatchResult(results=[ItemResult(**r) for r in results], gaps=gaps)

    @app.post("/v1/heartbeat", response_model=HeartbeatResult)
    def heartbeat(beat: Heartbeat, terminal_id: str = Depends(terminal)) -> HeartbeatResult:
        if beat.terminal_id != terminal_id:
            raise ApiError(403, "wrong_terminal", "a terminal may only report for itself")
        store.heartbeat(terminal_id, beat.version, beat.devices, beat.backlog)
        return HeartbeatResult(ok=True, server_time=time.time())

    @app.get("/fleet", response_class=HTMLResponse)
    def fleet() -> str:
        """Each terminal's last contact, devices and outbox backlog, for the operations desk."""
        rows = []
        for t in store.fleet():
            seen = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t["last_seen"])) if t["last_seen"] else "never"
            devices = ", ".join(f"{n}: {d.get('state', '?')}" for n, d in t["devices"].items()) or "-"
            pending = t["backlog"].get("pending", "-")
            rows.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in
                                         (t["id"], seen, t["version"] or "-", devices, pending)) + "</tr>")
        return ("<!doctype html><meta charset=utf-8><title>Fleet</title><h1>Terminals</h1><table border=1>"
                "<tr><th>Terminal</th><th>Last seen</th><th>Version</th><th>Devices</th><th>Backlog</th></tr>"
                + "".join(rows) + "</table>")

    return app
