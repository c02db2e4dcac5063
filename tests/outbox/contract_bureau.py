"""A minimal bureau ingest that follows the contract in COMMON.md (batch + heartbeat, signed).

Written before the reference bureau's ingest existed; the suite now runs against the real one
(conftest `bureau`). This one stays for a rejection with a business reason, which the reference
bureau only gives for malformed items, and for its log of every acceptance.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from taxcore import signing


class ContractBureau:
    def __init__(self, db_path: str, keys: dict[str, bytes]):
        self.keys = dict(keys)
        self.url = ""
        self.lock = threading.Lock()
        self.db = sqlite3.connect(db_path, check_same_thread=False, isolation_level=None)
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS txns (id TEXT PRIMARY KEY, terminal_id TEXT, seq INTEGER, kind TEXT,"
            " payload TEXT);"
            "CREATE TABLE IF NOT EXISTS accepts (id TEXT);"
            "CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY);"
            "CREATE TABLE IF NOT EXISTS heartbeats (terminal_id TEXT, body TEXT);"
        )
        self.app = self._build()

    def accepted_ids(self) -> list[str]:
        with self.lock:
            return [r[0] for r in self.db.execute("SELECT id FROM accepts")]

    def stored(self) -> dict[str, str]:
        with self.lock:
            return dict(self.db.execute("SELECT id, payload FROM txns"))

    def heartbeats(self) -> list[str]:
        with self.lock:
            return [r[0] for r in self.db.execute("SELECT body FROM heartbeats")]

    def _auth(self, request: Request, body: bytes) -> JSONResponse | None:
        h = request.headers
        terminal = h.get(signing.HEADER_TERMINAL, "")
        key = self.keys.get(terminal)
        if key is None:
            return _error(401, "unknown_terminal", "terminal not registered")
        ts, nonce, sig = h.get(signing.HEADER_TIMESTAMP, ""), h.get(signing.HEADER_NONCE, ""), \
            h.get(signing.HEADER_SIGNATURE, "")
        if not signing.verify(key, request.method, signing.received_target(request.scope), ts, nonce, body, sig):
            return _error(401, "bad_signature", "signature does not match")
        if not ts.isdigit() or abs(time.time() - int(ts)) > signing.MAX_SKEW_S:
            return _error(401, "stale", "timestamp outside the window")
        with self.lock:
            if self.db.execute("INSERT OR IGNORE INTO nonces VALUES (?)", (nonce,)).rowcount == 0:
                return _error(401, "replayed", "nonce already used")
        return None

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/transactions/batch")
        async def batch(request: Request) -> JSONResponse:
            import json

            body = await request.body()
            refused = self._auth(request, body)
            if refused:
                return refused
            doc: dict[str, Any] = json.loads(body)
            results = []
            with self.lock:
                self.db.execute("BEGIN IMMEDIATE")
                for item in doc["items"]:
                    reason = item["payload"].get("reject") if isinstance(item["payload"], dict) else None
                    if reason:
                        results.append({"id": item["id"], "status": "rejected", "reason": reason})
                        continue
                    cur = self.db.execute(
                        "INSERT OR IGNORE INTO txns VALUES (?, ?, ?, ?, ?)",
                        (item["id"], doc["terminal_id"], item["seq"], item["kind"],
                         json.dumps(item["payload"])))
                    if cur.rowcount:
                        self.db.execute("INSERT INTO accepts VALUES (?)", (item["id"],))
                    results.append({"id": item["id"], "status": "accepted" if cur.rowcount else "duplicate",
                                    "reason": None})
                self.db.execute("COMMIT")
            return JSONResponse({"results": results, "gaps": []})

        @app.post("/v1/heartbeat")
        async def heartbeat(request: Request) -> JSONResponse:
            body = await request.body()
            refused = self._auth(request, body)
            if refused:
                return refused
            with self.lock:
                self.db.execute("INSERT INTO heartbeats VALUES (?, ?)",
                                (request.headers[signing.HEADER_TERMINAL], body.decode()))
            return JSONResponse({"ok": True, "server_time": time.time()})

        @app.get("/health")
        def health() -> dict[str, str]:
            return {"status": "ok"}

        return app


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


if __name__ == "__main__":  # a separate process for bench/outbox.py: ARGS port db terminal_id key_hex
    import sys

    import uvicorn

    port, db_path, terminal_id, key_hex = sys.argv[1:5]
    uvicorn.run(ContractBureau(db_path, {terminal_id: bytes.fromhex(key_hex)}).app, host="127.0.0.1",
                port=int(port), log_level="warning")
