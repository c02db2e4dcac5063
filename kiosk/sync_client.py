"""The terminal's HTTP client for the bureau's signed `/v1/*` API (used by the outbox sync).

Each request is signed over the exact bytes sent (`taxcore.signing`), so the body is
serialised here once and never re-encoded by `requests`. Anything that leaves us unsure
whether the bureau got the request (refused, reset, timeout, a half-read answer) becomes a
`TransportError`: the outbox then resends, and the bureau deduplicates.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from kiosk.config import BureauConfig, ConfigError, KioskConfig
from kiosk.file_safety import read_terminal_key
from kiosk.preflight import check_url
from kiosk.version import build_id, version
from offline_queue.outbox import Outbox
from offline_queue.sync import Reply, SyncSettings, SyncStatus, SyncWorker, TransportError
from taxcore.signing import sign_headers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TlsPolicy:
    """How the bureau's identity is checked: CA bundle, optional certificate pin, plain http for tests."""

    ca_bundle: str = ""  # PEM file; empty: the system's CAs
    pin_sha256: str = ""  # SHA-256 of the bureau's certificate (DER), hex with or without colons
    local_test_bureau: bool = True  # plain http allowed, and only to this machine

    @classmethod
    def of(cls, bureau: BureauConfig) -> TlsPolicy:
        return cls(bureau.ca_bundle, bureau.pin_sha256, bureau.local_test_bureau)

    def check_url(self, url: str) -> None:
        check_url(url, self.local_test_bureau)


class _PinnedAdapter(HTTPAdapter):
    """Accepts only the pinned certificate, on top of the CA chain check (urllib3's assert_fingerprint)."""

    def __init__(self, fingerprint: str) -> None:
        self._fingerprint = fingerprint
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["assert_fingerprint"] = self._fingerprint
        super().init_poolmanager(*args, **kwargs)


class BureauClient:
    """Signed JSON requests to one bureau; one keep-alive session, explicit timeouts, checked TLS."""

    def __init__(self, base_url: str, terminal_id: str, key: bytes, connect_timeout_s: float = 5.0,
                 tls: TlsPolicy | None = None):
        self.base_url = base_url.rstrip("/")
        self.tls = tls or TlsPolicy()
        self.tls.check_url(self.base_url)
        self.terminal_id = terminal_id
        self._key = key
        self._connect_timeout_s = connect_timeout_s
        self._session = requests.Session()
        # Passed with every request: requests lets REQUESTS_CA_BUNDLE override a session's `verify`.
        self._verify: str | bool = True
        if self.tls.ca_bundle:
            bundle = Path(self.tls.ca_bundle).expanduser()
            if not bundle.is_file():
                raise ConfigError(f"[bureau] ca_bundle {str(bundle)!r}: no such file")
            self._verify = str(bundle)
        if self.tls.pin_sha256:
            self._session.mount("https://", _PinnedAdapter(self.tls.pin_sha256.replace(":", "").lower()))

    def probe(self, path: str, timeout_s: float) -> tuple[int, dict[str, str]]:
        """An unsigned GET (the health check): status and headers; TransportError when no answer."""
        try:
            response = self._session.get(self.base_url + path, verify=self._verify,
                                         timeout=(min(self._connect_timeout_s, timeout_s), timeout_s))
        except requests.RequestException as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        return response.status_code, dict(response.headers)

    def post_json(self, path: str, body: dict[str, Any], timeout_s: float,
                  headers: Mapping[str, str] | None = None) -> Reply:
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self.request("POST", path, data, timeout_s, headers)

    def get_json(self, path: str, timeout_s: float, headers: Mapping[str, str] | None = None) -> Reply:
        return self.request("GET", path, b"", timeout_s, headers)

    def request(self, method: str, path: str, data: bytes, timeout_s: float,
                extra: Mapping[str, str] | None = None) -> Reply:
        """One signed request; a path may carry a query string. Signed as sent: the target of the prepared
        request, after requests has percent-encoded it (a plate's 粤, a hall's 广州), not as given.
        `extra` headers go along (a taxpayer session)."""
        headers = {"Content-Type": "application/json"} if data else {}
        headers.update(extra or {})
        try:
            prepared = self._session.prepare_request(
                requests.Request(method, self.base_url + path, data=data or None, headers=headers))
            prepared.headers.update(sign_headers(self.terminal_id, self._key, method, prepared.path_url, data))
            settings = self._session.merge_environment_settings(prepared.url, {}, None, self._verify, None)
            response = self._session.send(
                prepared, timeout=(min(self._connect_timeout_s, timeout_s), timeout_s), **settings)
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
    return BureauClient(config.bureau.url, config.terminal.id, key, tls=TlsPolicy.of(config.bureau))


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
