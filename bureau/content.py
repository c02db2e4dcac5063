"""Versioned content with ETags: service catalogue, guides, notices, rate tables, document public key.

The catalogue and guides are the very files the kiosk ships (assets/content/*.toml), so a
terminal's offline copy and the bureau's answer are the same data. A terminal sends
If-None-Match with its ETag and gets 304 while nothing changed.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response

from bureau import docsign, rates
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, ApiError, refusals
from taxcore import docpayload
from taxcore.assets import asset

ASSETS = asset("content")
router = APIRouter(prefix="/v1", tags=["content"], responses=SIGNED)


def _toml(path: Path) -> dict[str, Any] | None:
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def load(name: str, engine: Db) -> dict[str, Any] | None:
    if name in ("services", "guides"):
        return _toml(ASSETS / f"{name}.toml")
    if name == "notices":
        return _toml(Path(__file__).with_name("notices.toml"))
    if name == "rates":
        return rates.table()
    if name == "public_key":
        return {"version": "1", "algorithm": "Ed25519", "public_key_hex": docsign.public_key_hex(engine)}
    return None


@router.get("/content/{name}", responses={304: {"description": "unchanged since the ETag sent"}, **refusals(404)})
def content(name: str, request: Request, response: Response, terminal: Terminal, engine: Db) -> Any:
    """One content document (services, guides, notices, rates, public_key) with its version and ETag."""
    data = load(name, engine)
    if data is None:
        raise ApiError(404, "unknown_content", f"no content named {name!r}")
    etag = '"' + hashlib.sha256(docpayload.canonical_json(data)).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return {"name": name, "version": str(data.get("version", "")), "data": data}
