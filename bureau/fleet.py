"""The fleet page: every terminal with last seen, device states and outbox backlog (HTML)."""

from __future__ import annotations

import html
import time

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from bureau import store
from bureau.auth import Db

router = APIRouter(tags=["fleet"])


def _ago(ts: float | None, now: float) -> str:
    if ts is None:
        return "never"
    age = int(now - ts)
    return f"{age}s ago" if age < 120 else f"{age // 60} min ago" if age < 7200 else f"{age // 3600} h ago"


@router.get("/fleet", response_class=HTMLResponse)
def fleet(engine: Db) -> HTMLResponse:
    """For hall staff and support; read-only and shows no personal data."""
    now = time.time()
    with engine.connect() as conn:
        rows = conn.execute(store.terminals.select().order_by(store.terminals.c.terminal_id)).mappings().all()
    body = []
    for r in rows:
        devices = ", ".join(
            f"{html.escape(str(name))}: {html.escape(str(d.get('state', '?')))}"
            for name, d in sorted((r["devices"] or {}).items())
        )
        oldest = "" if r["backlog_oldest_age_s"] is None else f" (oldest {r['backlog_oldest_age_s']:.0f}s)"
        pending = "?" if r["backlog_pending"] is None else str(r["backlog_pending"])
        body.append(
            f"<tr><td>{html.escape(r['terminal_id'])}</td><td>{_ago(r['last_seen'], now)}</td>"
            f"<td>{html.escape(r['version'] or '')} {html.escape(r['build'] or '')}</td>"
            f"<td>{devices}</td><td>{pending}{oldest}</td></tr>"
        )
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Fleet</title></head><body>"
        f"<h1>Terminals ({len(rows)})</h1><table border='1'><tr><th>Terminal</th><th>Last seen</th>"
        "<th>Version</th><th>Devices</th><th>Outbox backlog</th></tr>"
        + "".join(body)
        + "</table></body></html>"
    )
    return HTMLResponse(page)
