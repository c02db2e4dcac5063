"""Transaction batch ingest and heartbeats, per the contract the outbox sync client relies on."""

from __future__ import annotations

import uuid
from typing import Any


def tx(seq: int, tx_id: str | None = None, **over: Any) -> dict[str, Any]:
    item = {
        "id": tx_id or str(uuid.uuid4()),
        "seq": seq,
        "kind": "ticket",
        "created_at": "2026-11-22T09:30:00+08:00",
        "payload": {"number": f"A{seq:03d}"},
    }
    item.update(over)
    return item


def batch(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"terminal_id": "T-0001", "items": items}


def test_new_items_are_accepted_and_resent_ones_are_duplicates(terminal: Any) -> None:
    items = [tx(1), tx(2), tx(3)]
    first = terminal.post("/v1/transactions/batch", batch(items))
    assert first.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == ["accepted"] * 3
    assert [r["id"] for r in first.json()["results"]] == [i["id"] for i in items]
    assert first.json()["gaps"] == []
    again = terminal.post("/v1/transactions/batch", batch(items))
    assert [r["status"] for r in again.json()["results"]] == ["duplicate"] * 3


def test_same_id_twice_in_one_batch_is_stored_once(terminal: Any) -> None:
    item = tx(1)
    res = terminal.post("/v1/transactions/batch", batch([item, item])).json()
    assert [r["status"] for r in res["results"]] == ["accepted", "duplicate"]


def test_malformed_items_are_rejected_one_by_one(terminal: Any) -> None:
    good = tx(1)
    items = [
        good,
        tx(2, tx_id="not-a-uuid"),
        {**tx(3), "seq": 0},
        tx(4, created_at="yesterday"),
        {"nothing": 1},
    ]
    res = terminal.post("/v1/transactions/batch", batch(items)).json()
    statuses = [(r["status"], bool(r["reason"])) for r in res["results"]]
    assert statuses == [("accepted", False)] + [("rejected", True)] * 4


def test_reused_seq_with_a_new_id_is_rejected(terminal: Any) -> None:
    terminal.post("/v1/transactions/batch", batch([tx(1)]))
    res = terminal.post("/v1/transactions/batch", batch([tx(1)])).json()
    assert res["results"][0]["status"] == "rejected"
    assert "seq 1" in res["results"][0]["reason"]


def test_gaps_in_sequence_numbers_are_reported(terminal: Any) -> None:
    res = terminal.post("/v1/transactions/batch", batch([tx(3), tx(4), tx(8)])).json()
    assert res["gaps"] == [[1, 2], [5, 7]]
    res = terminal.post("/v1/transactions/batch", batch([tx(1), tx(2), tx(5), tx(6), tx(7)])).json()
    assert res["gaps"] == []


def test_body_terminal_must_be_the_signer(terminal: Any) -> None:
    res = terminal.post("/v1/transactions/batch", {"terminal_id": "T-other", "items": []})
    assert res.status_code == 403
    assert res.json()["error"]["code"] == "terminal_mismatch"


def test_invalid_json_is_a_4xx_with_an_error_code(terminal: Any) -> None:
    for body in (b"{not json", b"[]", b'{"terminal_id": 5}', b""):
        res = terminal.post("/v1/transactions/batch", body)
        assert res.status_code == 422, body
        assert res.json()["error"]["code"] == "invalid_request"
        assert res.json()["error"]["message"]


def test_oversized_batch_is_refused(terminal: Any) -> None:
    res = terminal.post("/v1/transactions/batch", batch([tx(i + 1) for i in range(501)]))
    assert res.status_code == 422


def test_heartbeat_is_recorded(terminal: Any, engine) -> None:  # type: ignore[no-untyped-def]
    from bureau import store

    beat = {
        "terminal_id": "T-0001",
        "version": "0.1.0",
        "build": "abc123",
        "devices": {"receipt_printer": {"state": "ONLINE", "paper": "LOW"}, "camera": {"state": "NO_DEVICE"}},
        "backlog": {"pending": 4, "oldest_age_s": 12.5},
    }
    res = terminal.post("/v1/heartbeat", beat)
    assert res.status_code == 200
    assert res.json()["ok"] is True and res.json()["server_time"] > 0
    with engine.connect() as conn:
        row = conn.execute(store.terminals.select()).one()
    assert row.devices["receipt_printer"] == {"state": "ONLINE", "paper": "LOW"}
    assert (row.backlog_pending, row.backlog_oldest_age_s, row.version) == (4, 12.5, "0.1.0")
    assert row.last_seen is not None


def test_values_a_database_cannot_store_are_rejected_not_500(terminal: Any) -> None:
    nan_item = (
        b'{"id": "%s", "seq": 2, "kind": "k", "created_at": "2026-01-01T00:00:00", "payload": {"x": NaN}}'
    )
    raw = b'{"terminal_id": "T-0001", "items": [' + nan_item % str(uuid.uuid4()).encode() + b"]}"
    res = terminal.post("/v1/transactions/batch", raw)
    assert res.status_code == 200 and res.json()["results"][0]["status"] == "rejected"
    res = terminal.post(
        "/v1/transactions/batch", batch([tx(1, payload={"x": "a\u0000b"}), tx(3, kind="k\u0000")])
    )
    assert [r["status"] for r in res.json()["results"]] == ["rejected", "rejected"]
    res = terminal.post(
        "/v1/tickets",
        {"hall_id": "H\u0000", "number": "1", "service_id": "s", "issued_at": "2026-01-01T09:00:00Z"},
    )
    assert res.status_code in (200, 422), res.text
