"""The terminal's HTTP client for the bureau's signed `/v1/*` API (used by the outbox sync).

Each request is signed over the exact bytes sent (`bureau.signing`), so the body is
serialised here once and never re-encoded by `requests`. Anything that leaves us unsure
whether the bureau got the request (refused, reset, timeout, a half-read answer) becomes a
`TransportError`: the outbox then resends, and the bureau deduplicates.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from bureau.signing import sign_headers
from offline_queue.sync import Reply, TransportError

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
        headers = sign_headers(self.terminal_id, self._key, "POST", self._prefix + path, data)
        headers["Content-Type"] = "application/json"
        try:
            response = self._session.post(
                self.base_url + path, data=data, headers=headers,
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
