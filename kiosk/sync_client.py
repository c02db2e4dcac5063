"""The terminal's HTTP client for the bureau's signed `/v1/*` API (used by the outbox sync).

Each request is signed over the exact bytes sent (`bureau.signing`), so the body is
serialised here once and never re-encoded by `requests`. Anything that leaves us unsure
whether the bureau got the request (refused, reset, timeout, a half-read answer) becomes a
`TransportError`: the outbox then resends, and the bureau deduplicates.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from bureau.signing import sign_headers
from kiosk.config import KioskConfig
from kiosk.version import build_id, version
from offline_queue.outbox import Outbox
from offline_queue.sync import Reply, SyncSettings, SyncStatus, SyncWorker, TransportError

log = logging.getLogger(__name__)


def read_terminal_key(path: Path | str) -> bytes:
    """The key written by `bureau terminals add --key-file`: hex text, or raw bytes."""
    raw = Path(path).read_bytes().strip()
    try:
        return bytes.fromhex(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return raw


class BureauClient:
    """Signed JSON requests to one bureau; one keep-alive session, explicit timeouts."""

    def __init__(self, base_url: str, terminal_id: str, key: bytes, connect_timeout_s: float = 5.0):
        self.base_url = base_url.rstrip("/")
        self._prefix = urlsplit(self.base_url).path
        self.terminal_id = terminal_id
        self._key = key
        self._connect_timeout_s = connect_timeout_s
        self._session = requests.Session()

    def post_json(self, path: str, body: dict[str, Any], timeout_s: float) -> Reply:
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self.request("POST", path, data, timeout_s)

    def get_json(self, path: str, timeout_s: float) -> Reply:
        return self.request("GET", path, b"", timeout_s)

    def request(self, method: str, path: str, data: bytes, timeout_s: float) -> Reply:
        """One signed request; a path may carry a query string (it is signed as sent)."""
        headers = sign_headers(self.terminal_id, self._key, method, self._prefix + path, data)
        if data:
            headers["Content-Type"] = "application/json"
        try:
            response = self._session.request(
                method, self.base_url + path, data=data or None, headers=headers,
                timeout=(min(self._connect_timeout_s, timeout_s), timeout_s),
            )
            content = response.content  # read fully inside the try: a cut answer is a transport error
        except requests.RequestException as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        try:
            parsed = json.loads(content) if content else None
        except ValueError:
            parsed = None
        return Reply(response.status_code, parsed)

    def close(self) -> None:
        self._session.close()


def outbox_path(config: KioskConfig) -> Path:
    """The terminal's outbox database; its AES key sits beside it as `outbox.db.key`."""
    return config.paths.data() / "outbox.db"


def bureau_client(config: KioskConfig) -> BureauClient:
    """A signed client for this terminal as configured (one per thread that talks to the bureau)."""
    key_file = config.bureau.terminal_key_file
    key = read_terminal_key(Path(key_file).expanduser()) if key_file else b""
    if not key:
        log.error("no terminal key configured ([bureau] terminal_key_file): bureau requests will be refused")
    return BureauClient(config.bureau.url, config.terminal.id, key)


def build_sync(
    config: KioskConfig, outbox: Outbox, devices: Callable[[], dict[str, dict[str, Any]]] = dict,
    on_status: Callable[[SyncStatus], None] | None = None, on_alert: Callable[[str], None] | None = None,
) -> SyncWorker:
    """The sync worker for this terminal as configured (not started).

    Without a terminal key the worker still runs and every request is refused with 401, so the
    queue pauses with an alert that says what is missing instead of failing at start-up.
    """
    client = bureau_client(config)
    settings = SyncSettings(
        terminal_id=config.terminal.id, timeout_s=config.bureau.timeout_s, version=version(), build=build_id(),
        batch_size=config.outbox.batch_size, heartbeat_interval_s=config.outbox.heartbeat_interval_s,
        backoff_cap_s=config.outbox.backoff_cap_s, retention_s=config.outbox.retention_days * 86400,
    )
    return SyncWorker(outbox, client, settings, devices=devices, on_status=on_status, on_alert=on_alert)
