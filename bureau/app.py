"""The bureau's HTTP API (FastAPI); its OpenAPI document is the terminal/bureau contract."""

from __future__ import annotations

import time

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from sqlalchemy.engine import Engine

from bureau import (
    content,
    dues_api,
    errors,
    filings,
    fleet,
    hall_display,
    identity_api,
    ingest,
    invoices,
    keys,
    limits,
    payments,
    sessions,
    store,
    taxpayer_api,
    technicians,
    verify_page,
    visits,
)
from bureau.remote_help.install import install as install_remote_help
from bureau.remote_help.settings import RemoteHelpSettings

STARTED = time.time()


def create_app(
    engine: Engine | None = None,
    db_url: str = store.DEFAULT_URL,
    remote_help: RemoteHelpSettings | None = None,
    max_body_bytes: int = limits.MAX_BODY_BYTES,
    body_timeout_s: float = limits.BODY_TIMEOUT_S,
    public_url: str | None = None,
) -> FastAPI:
    """The app over `engine` (or a new one on `db_url`), reading bodies within the given limits.
    `public_url` is the https address the public reaches it at (documents' QR codes point there);
    None: the address each request came to.

    /docs serves Swagger UI's scripts from the fastapi-offline wheel: a tax hall's network is closed. No
    /redoc: ReDoc fetches its logo from its makers' CDN, and one API page is enough."""
    app = FastAPIOffline(title="Reference tax bureau", version="0.1.0", responses=errors.GUARDED, redoc_url=None)
    app.state.engine = engine if engine is not None else store.open_engine(db_url)
    keys.of(app.state.engine)  # a missing, foreign or open key file stops the bureau here, with its reason
    app.state.public_url = public_url
    verify_page.fill_missing_codes(app.state.engine)
    errors.install(app)
    app.add_middleware(limits.BodyGuard, max_bytes=max_body_bytes, timeout_s=body_timeout_s)
    routers = (ingest, content, identity_api, sessions, taxpayer_api, payments, dues_api, invoices, filings, visits,
               technicians, fleet, hall_display, verify_page)
    for module in routers:
        app.include_router(module.router)
    install_remote_help(app, remote_help)

    @app.get("/health")
    def health() -> dict[str, object]:
        """Liveness for terminals' link indicator and for process supervisors."""
        return {"status": "ok", "uptime_s": round(time.time() - STARTED, 1)}

    return app
