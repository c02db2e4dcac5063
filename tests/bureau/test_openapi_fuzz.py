"""Schemathesis against the bureau's own OpenAPI document: no 500 on any input, every status
declared, responses match.

Requests go through an ASGI wrapper that signs them as a provisioned terminal, so generated
inputs reach the handlers instead of stopping at authentication.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.engine import Engine

from bureau import store
from bureau.app import create_app
from bureau.auth import add_terminal
from bureau.seed import seed
from taxcore import signing

TERMINAL = "T-FUZZ"
MAX_EXAMPLES = 15  # per operation: keeps the run under a minute per storage


def signing_asgi(app: Any, terminal_id: str, key: bytes) -> Any:
    """Wrap `app` so every /v1 request arrives signed over exactly the bytes and path it carries."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await app(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        signed = signing.sign_headers(
            terminal_id, key, scope["method"], signing.received_target(scope), body, nonce=secrets.token_hex(16)
        )
        names = {n.lower().encode() for n in signed}
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in names]
        headers += [(k.lower().encode(), v.encode()) for k, v in signed.items()]
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await app({**scope, "headers": headers}, replay, send)

    return wrapped


def test_no_server_errors_and_responses_match_the_schema(engine: Engine) -> None:
    seed(engine, count=5, seed_value=1)
    key = bytes.fromhex(add_terminal(engine, TERMINAL))
    schema = schemathesis.openapi.from_asgi("/openapi.json", signing_asgi(create_app(engine), TERMINAL, key))
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 15
    for operation in operations:

        @settings(
            max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            case.call_and_validate(
                checks=[not_a_server_error, status_code_conformance, response_schema_conformance,
                        content_type_conformance]
            )

        run()


def test_openapi_document_is_served(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    doc = (
        TestClient(create_app(store.open_engine(f"sqlite:///{tmp_path / 'b.sqlite3'}")))
        .get("/openapi.json")
        .json()
    )
    assert {
        "/v1/transactions/batch",
        "/v1/heartbeat",
        "/v1/payments/orders",
        "/v1/payments/orders/{order_id}/cancel",
        "/v1/payments/orders/{order_id}/voucher",
        "/v1/payments/vouchers",
        "/v1/certificates",
        "/v1/social-insurance/due",
        "/v1/vehicles",
        "/v1/arrears",
        "/v1/filings",
        "/v1/filings/quota",
        "/v1/invoices/quote",
        "/v1/invoices",
    } <= set(doc["paths"])
    kinds = doc["components"]["schemas"]["CertificateIn"]["properties"]["kind"]["enum"]
    assert "si_summary" in kinds
