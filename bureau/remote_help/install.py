"""Mounts remote help on the bureau app: routes, the call queue and the published settings."""

from __future__ import annotations

from fastapi import FastAPI

from bureau.remote_help import kiosk_side, officer_side
from bureau.remote_help.queue import CallQueue
from bureau.remote_help.settings import RemoteHelpSettings


def install(app: FastAPI, settings: RemoteHelpSettings | None = None) -> None:
    app.state.remote_help = settings or RemoteHelpSettings()
    app.state.call_queue = CallQueue()
    app.include_router(kiosk_side.router)
    app.include_router(officer_side.router)
