"""The bureau's signed ingest: who may send, replay protection, exactly-once in effect."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bureau import signing
from bureau.app import create_app
from bureau.cli import main as bureau_cli
from bureau.store import Store

TERMINAL = "GD-TEST-0001"


@pytest.fixture
def bureau(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "bureau.db")
    key = store.add_terminal(TERMINAL)
    return TestClient(create_app(store)), store, key


def _post(client: TestClient, key: bytes, path: str, body: dict, terminal: str = TERMINAL, **sign: object):  # type: ignore[no-untyped-def]
    data = json.dumps(body).encode()
    headers = signing.sign_headers(terminal, key, "POST", path, data, **sign)  # type: ignore[arg-type]
    return client.post(path, content=data, headers={**headers, "Content-Type": "application/json"})


def _item(seq: int, **payload: object) -> dict:
    return {"id": str(uuid.uuid4()), "seq": seq, "kind": "rating", "created_at": "2026-11-22T10:00:00",
            "payload": payload or {"level": 5}}


def test_batch_is_accepted_once_and_duplicates_count_as_delivered(bureau) -> None:  # type: ignore[no-untyped-def]
    client, store, key = bureau
    items = [_item(1), _item(2)]
    first = _post(client, key, "/v1/transactions/batch", {"terminal_id": TERMINAL, "items": items})
    assert first.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == ["accepted", "accepted"]
    again = _post(client, key, "/v1/transactions/batch", {"terminal_id": TERMINAL, "items": items})
    assert [r["status"] for r in again.json()["results"]] == ["duplicate", "duplicate"]
    assert len(store.transactions(TERMINAL)) == 2


def test_gaps_in_a_terminals_sequence_are_reported(bureau) -> None:  # type: ignore[no-untyped-def]
    client, _, key = bureau
    reply = _post(client, key, "/v1/transactions/batch", {"terminal_id": TERMINAL, "items": [_item(1), _item(4)]})
    assert reply.json()["gaps"] == [[2, 3]]


def test_malformed_items_are_rejected_with_reasons_not_500(bureau) -> None:  # type: ignore[no-untyped-def]
    client, _, key = bureau
    reply = _post(client, key, "/v1/transactions/batch", {"terminal_id": TERMINAL, "items": [{"id": "x"}]})
    assert reply.status_code == 422 and reply.json()["error"]["code"] == "invalid_request"
    junk = client.post("/v1/transactions/batch", content=b"\xff not json",
                       headers=signing.sign_headers(TERMINAL, key, "POST", "/v1/transactions/batch", b"\xff not json"))
    assert junk.status_code in (401, 422) and "error" in junk.json()


@pytest.mark.parametrize("case", ["unknown", "bad_signature", "stale", "replay", "other_terminal"])
def test_refusals(bureau, case: str) -> None:  # type: ignore[no-untyped-def]
    client, store, key = bureau
    body = {"terminal_id": TERMINAL, "items": [_item(1)]}
    if case == "unknown":
        reply = _post(client, key, "/v1/transactions/batch", body, terminal="NOBODY")
        expected = (401, "unknown_terminal")
    elif case == "bad_signature":
        reply = _post(client, b"wrong key", "/v1/transactions/batch", body)
        expected = (401, "bad_signature")
    elif case == "stale":
        reply = _post(client, key, "/v1/transactions/batch", body, timestamp=int(time.time()) - 3600)
        expected = (401, "stale_request")
    elif case == "replay":
        _post(client, key, "/v1/transactions/batch", body, nonce="n1")
        reply = _post(client, key, "/v1/transactions/batch", body, nonce="n1")
        expected = (401, "replayed_request")
    else:
        other = store.add_terminal("GD-TEST-0002")
        reply = _post(client, other, "/v1/transactions/batch", body, terminal="GD-TEST-0002")
        expected = (403, "wrong_terminal")
    assert (reply.status_code, reply.json()["error"]["code"]) == expected
    assert reply.json()["error"]["message"]


def test_heartbeat_shows_on_the_fleet_page(bureau) -> None:  # type: ignore[no-untyped-def]
    client, _, key = bureau
    reply = _post(client, key, "/v1/heartbeat", {"terminal_id": TERMINAL, "version": "0.1.0",
                                                 "devices": {"receipt_printer": {"state": "online"}},
                                                 "backlog": {"pending": 3, "oldest_age_s": 12.5}})
    assert reply.status_code == 200 and reply.json()["ok"] is True
    page = client.get("/fleet").text
    assert TERMINAL in page and "receipt_printer: online" in page and "<td>3</td>" in page


def test_terminals_add_writes_a_private_key_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    key_file = tmp_path / "keys" / "terminal.key"
    assert bureau_cli(["terminals", "add", "GD-NEW-0001", "--db", f"sqlite:///{tmp_path}/b.db",
                       "--key-file", str(key_file)]) == 0
    printed = capsys.readouterr().out.strip()
    assert key_file.read_text().strip() == printed and len(bytes.fromhex(printed)) == 32
    assert key_file.stat().st_mode & 0o077 == 0
    assert Store(tmp_path / "b.db").terminal_key("GD-NEW-0001") == bytes.fromhex(printed)
