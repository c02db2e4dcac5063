"""Inputs that used to crash the bureau (500) or make it read whatever it was sent: each is a 4xx now."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bureau import sessions
from bureau.app import create_app
from taxcore import signing

BEAT = {"terminal_id": "T-0001", "version": "1", "build": "b", "devices": {}, "backlog": {"pending": 0}}


def signed_post(terminal: Any, path: str, body: Any, **override: bytes) -> Any:
    """A POST signed as the test terminal, with some headers then replaced by raw bytes."""
    raw = json.dumps(body).encode()
    headers: dict[str, Any] = signing.sign_headers(terminal.terminal_id, terminal.key, "POST", path, raw)
    headers.update(override)
    headers["Content-Type"] = "application/json"
    return terminal.client.post(path, content=raw, headers=headers)


def error_code(res: Any, status: int) -> str:
    assert res.status_code == status, res.text
    return str(res.json()["error"]["code"])


def test_a_400_digit_timestamp_is_refused_not_a_crash(terminal: Any) -> None:
    res = signed_post(terminal, "/v1/heartbeat", BEAT, **{signing.HEADER_TIMESTAMP: b"9" * 400})
    assert error_code(res, 401) == "stale_timestamp"


def test_a_non_ascii_signature_is_refused_not_a_crash(terminal: Any) -> None:
    res = signed_post(terminal, "/v1/heartbeat", BEAT, **{signing.HEADER_SIGNATURE: "é".encode("latin-1") * 64})
    assert error_code(res, 401) == "bad_signature"


def test_a_non_ascii_nonce_is_refused(terminal: Any) -> None:
    res = signed_post(terminal, "/v1/heartbeat", BEAT, **{signing.HEADER_NONCE: "ñ".encode("latin-1") * 8})
    assert error_code(res, 401) == "bad_signature"


@pytest.mark.parametrize("backlog", [{"pending": 1e30}, {"pending": 10**30}, {"pending": 0, "oldest_age_s": 1e308}])
def test_an_absurd_backlog_is_refused(terminal: Any, backlog: dict[str, Any]) -> None:
    assert error_code(signed_post(terminal, "/v1/heartbeat", {**BEAT, "backlog": backlog}), 422) == "invalid_request"


def test_a_ticket_from_year_one_is_refused(terminal: Any) -> None:
    ticket = {"hall_id": "h", "number": "A001", "service_id": "s", "issued_at": "0001-01-01T00:00:00"}
    assert error_code(signed_post(terminal, "/v1/tickets", ticket), 422) == "invalid_request"


def test_an_appointment_in_year_one_is_refused(identified: Any) -> None:
    booking = {"appointment_id": "a", "hall_id": "h", "id_number": "11010519491231002X", "service_id": "s",
               "slot": "0001-01-01T00:00:00"}
    client = identified(booking["id_number"])
    res = signed_post(client, "/v1/appointments", booking, **{sessions.HEADER: client.session.encode()})
    assert error_code(res, 422) == "invalid_request"


def test_a_queued_ticket_from_year_one_is_rejected_on_its_own(terminal: Any) -> None:
    item = {"id": "5f0e8f8e-0000-4000-8000-000000000001", "seq": 1, "kind": "queue_ticket",
            "created_at": "2026-01-01T00:00:00",
            "payload": {"hall_id": "h", "number": "A001", "issued_at": "0001-01-01T00:00:00"}}
    res = signed_post(terminal, "/v1/transactions/batch", {"terminal_id": "T-0001", "items": [item]})
    assert res.status_code == 200, res.text
    assert res.json()["results"][0]["status"] == "rejected"


@pytest.fixture
def small(engine: Engine) -> Iterator[TestClient]:
    """The app with a 1 KiB body limit."""
    yield TestClient(create_app(engine, max_body_bytes=1024))


def test_a_body_announced_too_large_is_refused_before_authentication(small: TestClient) -> None:
    # unsigned: were the body read and the signature checked first, this would be a 401
    res = small.post("/v1/heartbeat", content=b"x" * 2048, headers={"Content-Type": "application/json"})
    assert error_code(res, 413) == "too_large"


def test_a_chunked_body_growing_too_large_is_refused(small: TestClient) -> None:
    chunks = (b"x" * 512 for _ in range(4))  # no Content-Length: sent chunked
    res = small.post("/v1/heartbeat", content=chunks, headers={"Content-Type": "application/json"})
    assert error_code(res, 413) == "too_large"


def test_a_content_length_that_is_no_number_is_refused(small: TestClient) -> None:
    res = small.post("/health", content=b"", headers={"Content-Length": "12abc"})
    assert error_code(res, 400) == "bad_content_length"


def test_a_body_within_the_limit_still_works(engine: Engine, terminal: Any) -> None:
    small = type(terminal)(TestClient(create_app(engine, max_body_bytes=1024)), terminal.terminal_id, terminal.key)
    assert small.post("/v1/heartbeat", BEAT).status_code == 200


def test_the_openapi_document_declares_the_body_refusals(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            assert {"400", "408", "413"} <= set(operation["responses"]), (method, path)
