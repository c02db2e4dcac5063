"""Terminal authentication: every refusal is a 401 with its own code; /health stays open."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient

from taxcore import signing

BEAT = {"terminal_id": "T-0001", "version": "1", "build": "b", "devices": {}, "backlog": {"pending": 0}}


def code(res) -> str:  # type: ignore[no-untyped-def]
    assert res.status_code == 401, res.text
    return str(res.json()["error"]["code"])


def test_signed_request_passes(terminal: Any) -> None:
    assert terminal.post("/v1/heartbeat", BEAT).status_code == 200


def test_unsigned_request_is_refused(client: TestClient, terminal: Any) -> None:
    assert code(client.post("/v1/heartbeat", json=BEAT)) == "missing_auth"


def test_unknown_terminal_is_refused(terminal: Any) -> None:
    stranger = type(terminal)(terminal.client, "T-9999", b"k" * 32)
    assert code(stranger.post("/v1/heartbeat", BEAT)) == "unknown_terminal"


def test_wrong_key_is_a_bad_signature(terminal: Any) -> None:
    forged = type(terminal)(terminal.client, "T-0001", b"x" * 32)
    assert code(forged.post("/v1/heartbeat", BEAT)) == "bad_signature"


def test_tampered_body_is_a_bad_signature(terminal: Any) -> None:
    import json

    raw = json.dumps(BEAT).encode()
    headers = signing.sign_headers("T-0001", terminal.key, "POST", "/v1/heartbeat", raw)
    tampered = raw.replace(b'"pending": 0', b'"pending": 9')
    res = terminal.client.post("/v1/heartbeat", content=tampered, headers=headers)
    assert code(res) == "bad_signature"


def test_stale_timestamp_is_refused(terminal: Any) -> None:
    old = int(time.time()) - signing.MAX_SKEW_S - 5
    assert code(terminal.post("/v1/heartbeat", BEAT, timestamp=old)) == "stale_timestamp"
    future = int(time.time()) + signing.MAX_SKEW_S + 5
    assert code(terminal.post("/v1/heartbeat", BEAT, timestamp=future)) == "stale_timestamp"


def test_replayed_nonce_is_refused(terminal: Any) -> None:
    assert terminal.post("/v1/heartbeat", BEAT, nonce="n-1").status_code == 200
    assert code(terminal.post("/v1/heartbeat", BEAT, nonce="n-1")) == "replayed_nonce"


def test_health_needs_no_signature(client: TestClient) -> None:
    res = client.get("/health")
    assert res.status_code == 200 and res.json()["status"] == "ok"
