"""The bureau's HTTP API (FastAPI); its OpenAPI document is the terminal/bureau contract."""

from __future__ import annotations

import time

from fastapi import FastAPI

STARTED = time.time()


def create_app() -> FastAPI:
    app = FastAPI(title="Reference tax bureau", version="0.1.0")

    @app.get("/health")
    def health() -> dict[str, object]:
        """Liveness for terminals' link indicator and for process supervisors."""
        return {"status": "ok", "uptime_s": round(time.time() - STARTED, 1)}

    return app
