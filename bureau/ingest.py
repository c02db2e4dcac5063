"""Transaction batch ingest and heartbeats: the endpoints the terminals' outbox sync talks to.

Each item is judged on its own: accepted (stored now), duplicate (its id is already stored for
this terminal with the same sequence number, kind, time and payload: counts as delivered) or
rejected (malformed, or its sequence number or id clash
with another stored transaction; never worth retrying as is). The transaction id is unique
forever. `gaps` lists the ranges of sequence numbers the bureau has never received from this
terminal, from 1 up to the highest it has, so an outbox can resend what was lost.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bureau import idempotency, store, visits
from bureau.auth import Db, Terminal
from bureau.errors import SIGNED, ApiError, refusals
from bureau.filings import file_queued

MAX_BATCH = 500

router = APIRouter(prefix="/v1", tags=["sync"], responses=SIGNED)


class TransactionItem(BaseModel):
    id: str = Field(description="UUID; the transaction's idempotency key")
    seq: int = Field(ge=1, le=2**62, description="per-terminal sequence number, from 1")
    kind: str = Field(min_length=1, max_length=64)
    created_at: str = Field(max_length=64, description="ISO 8601 time the terminal committed it")
    payload: dict[str, Any]


class BatchIn(BaseModel):
    terminal_id: str = Field(max_length=64)
    items: list[dict[str, Any]] = Field(
        max_length=MAX_BATCH,
        description="TransactionItem objects; a malformed item is rejected on its own, not the batch",
    )


class ItemResult(BaseModel):
    id: str
    status: Literal["accepted", "duplicate", "rejected"]
    reason: str | None


class BatchOut(BaseModel):
    results: list[ItemResult]
    gaps: list[list[int]] = Field(description="[from_seq, to_seq] ranges never received, inclusive")


class DeviceReport(BaseModel, extra="allow"):
    state: str = Field(max_length=32)


class Backlog(BaseModel):
    pending: int = Field(ge=0, le=10**9)
    oldest_age_s: float | None = Field(default=None, ge=0, le=10 * 365 * 86400, allow_inf_nan=False)


class HeartbeatIn(BaseModel):
    terminal_id: str = Field(max_length=64)
    version: str = Field(max_length=64)
    build: str = Field(max_length=64)
    devices: dict[str, DeviceReport]
    backlog: Backlog


class HeartbeatOut(BaseModel):
    ok: bool
    server_time: float
    highest_seq: int = Field(
        ge=0, description="highest sequence number stored from this terminal (0: none); an outbox "
        "that would number its next transaction at or below it is not the one that sent them")


class SequenceOut(BaseModel):
    terminal_id: str
    highest_seq: int = Field(ge=0, description="highest sequence number stored from this terminal (0: none)")


def _same_terminal(body_terminal: str, signed_terminal: str) -> None:
    if body_terminal != signed_terminal:
        raise ApiError(403, "terminal_mismatch", "terminal_id in the body is not the signing terminal")


def _storable(item: TransactionItem) -> None:
    """Refuse what one database would store and another would not (NaN, NUL characters)."""
    text = json.dumps([item.kind, item.payload], allow_nan=False)
    if "\\u0000" in text:
        raise ValueError("NUL character in kind or payload")


def _parse(raw: dict[str, Any]) -> tuple[TransactionItem | None, str, str | None]:
    """(item, id to report, reason it is rejected)."""
    raw_id = raw.get("id")
    report_id = raw_id if isinstance(raw_id, str) else ""
    try:
        item = TransactionItem.model_validate(raw)
        item.id = str(uuid.UUID(item.id))
        datetime.fromisoformat(item.created_at)
        _storable(item)
    except ValueError as exc:
        first = str(exc).splitlines()
        return None, report_id, "invalid item: " + (" ".join(first[:3]) if first else "malformed")
    return item, item.id, None


@router.post("/transactions/batch", response_model=BatchOut, responses=refusals(403))
def ingest_batch(batch: BatchIn, terminal: Terminal, engine: Db) -> BatchOut:
    _same_terminal(batch.terminal_id, terminal)
    results: list[ItemResult | None] = []
    valid: list[tuple[int, TransactionItem]] = []
    for raw in batch.items:
        item, report_id, reason = _parse(raw)
        if item is None:
            results.append(ItemResult(id=report_id, status="rejected", reason=reason))
        else:
            results.append(None)
            valid.append((len(results) - 1, item))
    for index, result in _store(engine, terminal, [item for _, item in valid]):
        results[valid[index][0]] = result
    with engine.connect() as conn:
        gaps = _gaps(conn, terminal)
    return BatchOut(results=[r for r in results if r is not None], gaps=gaps)


def _store(engine: Engine, terminal: str, items: list[TransactionItem]) -> list[tuple[int, ItemResult]]:
    """Judge and insert in one transaction; if a concurrent request raced us, redo item by item."""
    try:
        with engine.begin() as conn:
            return _judge_and_insert(conn, terminal, list(enumerate(items)))
    except IntegrityError:
        out: list[tuple[int, ItemResult]] = []
        for pair in enumerate(items):
            for _attempt in range(3):
                try:
                    with engine.begin() as conn:
                        out.extend(_judge_and_insert(conn, terminal, [pair]))
                    break
                except IntegrityError:
                    continue
        return out


def _rejected(item_id: str, reason: str) -> ItemResult:
    return ItemResult(id=item_id, status="rejected", reason=reason)


def _judge_and_insert(
    conn: Connection, terminal: str, items: list[tuple[int, TransactionItem]]
) -> list[tuple[int, ItemResult]]:
    t = store.transactions
    ids = [item.id for _, item in items]
    seqs = [item.seq for _, item in items]
    by_id: dict[str, tuple[str, int, str]] = {
        row.id: (row.terminal_id, row.seq, _body_digest(row))
        for row in conn.execute(
            sa.select(t.c.id, t.c.terminal_id, t.c.seq, t.c.kind, t.c.created_at, t.c.payload).where(t.c.id.in_(ids))
        )
    }
    seq_owner = {
        row.seq: row.id
        for row in conn.execute(
            sa.select(t.c.seq, t.c.id).where(t.c.terminal_id == terminal, t.c.seq.in_(seqs))
        )
    }
    out: list[tuple[int, ItemResult]] = []
    rows: list[dict[str, Any]] = []
    visit_rows: list[dict[str, Any]] = []
    now = time.time()
    for index, item in items:
        known = by_id.get(item.id)
        if known is not None:
            known_terminal, known_seq, known_body = known
            if known_terminal != terminal:
                out.append((index, _rejected(item.id, "id belongs to another terminal")))
            elif known_seq != item.seq:
                out.append((index, _rejected(item.id, f"id stored with seq {known_seq}")))
            elif known_body != _body_digest(item):
                out.append((index, _rejected(item.id, "id stored with a different kind, time or payload")))
            else:
                out.append((index, ItemResult(id=item.id, status="duplicate", reason=None)))
            continue
        owner = seq_owner.get(item.seq)
        if owner is not None:
            out.append((index, _rejected(item.id, f"seq {item.seq} already used by {owner}")))
            continue
        try:
            visit = visits.projection(item.kind, item.id, terminal, item.payload)
        except ValueError as exc:
            out.append((index, _rejected(item.id, f"invalid {item.kind}: {str(exc).splitlines()[0]}")))
            continue
        if visit is not None:
            visit_rows.append(visit)
        refused = _apply(conn, terminal, item)
        if refused is not None:
            out.append((index, _rejected(item.id, refused)))
            continue
        by_id[item.id] = (terminal, item.seq, _body_digest(item))  # a repeat later in this batch is a duplicate
        seq_owner[item.seq] = item.id
        rows.append(
            dict(
                id=item.id,
                terminal_id=terminal,
                seq=item.seq,
                kind=item.kind,
                created_at=item.created_at,
                payload=item.payload,
                received_at=now,
            )
        )
        out.append((index, ItemResult(id=item.id, status="accepted", reason=None)))
    if rows:
        conn.execute(t.insert(), rows)
    visit_rows = _new_visits(conn, visit_rows)
    if visit_rows:
        conn.execute(store.visits.insert(), visit_rows)
    return out


def _new_visits(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Leave out the visits already stored: a terminal online registers its ticket before the outbox sends it."""
    v = store.visits
    keys = [r["key"] for r in rows]
    if not keys:
        return rows
    stored = {(r.kind, r.key) for r in conn.execute(sa.select(v.c.kind, v.c.key).where(v.c.key.in_(keys)))}
    return [r for r in rows if (r["kind"], r["key"]) not in stored]


def _body_digest(item: Any) -> str:
    """What makes a resend the same transaction, besides its id and sequence number."""
    return idempotency.digest([item.kind, item.created_at, item.payload])


def _apply(conn: Connection, terminal: str, item: TransactionItem) -> str | None:
    """What a transaction does beyond being stored (a filing made offline is filed); why it is refused."""
    if item.kind == "filing":
        return file_queued(conn, terminal, item.payload)
    return None


def _gaps(conn: Connection, terminal: str) -> list[list[int]]:
    t = store.transactions
    nxt = sa.func.lead(t.c.seq).over(order_by=t.c.seq).label("next_seq")
    inner = sa.select(t.c.seq, nxt).where(t.c.terminal_id == terminal).subquery()
    gaps = [
        [row.seq + 1, row.next_seq - 1]
        for row in conn.execute(
            sa.select(inner.c.seq, inner.c.next_seq)
            .where(inner.c.next_seq > inner.c.seq + 1)
            .order_by(inner.c.seq)
        )
    ]
    lowest = conn.execute(sa.select(sa.func.min(t.c.seq)).where(t.c.terminal_id == terminal)).scalar()
    if lowest is not None and lowest > 1:
        gaps.insert(0, [1, lowest - 1])
    return gaps


@router.post("/heartbeat", response_model=HeartbeatOut, responses=refusals(403))
def heartbeat(beat: HeartbeatIn, terminal: Terminal, engine: Db) -> HeartbeatOut:
    _same_terminal(beat.terminal_id, terminal)
    now = time.time()
    with engine.begin() as conn:
        conn.execute(
            store.terminals.update()
            .where(store.terminals.c.terminal_id == terminal)
            .values(
                last_seen=now,
                version=beat.version,
                build=beat.build,
                devices={name: d.model_dump() for name, d in beat.devices.items()},
                backlog_pending=beat.backlog.pending,
                backlog_oldest_age_s=beat.backlog.oldest_age_s,
            )
        )
        highest = _highest_seq(conn, terminal)
    return HeartbeatOut(ok=True, server_time=now, highest_seq=highest)


@router.get("/sequence", response_model=SequenceOut)
def sequence(terminal: Terminal, engine: Db) -> SequenceOut:
    """For a technician's `kiosk queue init|recover`: where this terminal's numbering must resume."""
    with engine.connect() as conn:
        return SequenceOut(terminal_id=terminal, highest_seq=_highest_seq(conn, terminal))


def _highest_seq(conn: Connection, terminal: str) -> int:
    t = store.transactions
    return int(conn.execute(sa.select(sa.func.max(t.c.seq)).where(t.c.terminal_id == terminal)).scalar() or 0)
