"""Shared fixtures: a bureau on a loopback port in a thread, and an outbox with its worker."""

from __future__ import annotations

import collections
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import sqlalchemy as sa  # noqa: E402
from bureau_thread import ThreadedServer, free_port  # noqa: E402,F401  (free_port: tests import it from here)
from contract_bureau import ContractBureau  # noqa: E402

from bureau import store as bureau_store  # noqa: E402
from bureau.app import create_app  # noqa: E402
from bureau.auth import add_terminal  # noqa: E402
from kiosk.sync_client import BureauClient  # noqa: E402
from offline_queue.outbox import Outbox  # noqa: E402
from offline_queue.sync import SyncSettings, SyncWorker  # noqa: E402

TERMINAL_ID = "GD-TEST-0001"
TERMINAL_KEY = bytes(range(32))


@dataclass
class Bureau:
    """The reference bureau (bureau/app.py) on loopback, with this test terminal registered."""

    url: str
    key: bytes
    engine: sa.Engine

    def accepted_ids(self) -> list[str]:
        """One entry per transaction row the bureau holds (a double would show twice)."""
        with self.engine.connect() as conn:
            return [r.id for r in conn.execute(sa.select(bureau_store.transactions.c.id))]

    def effects(self, *fields: str) -> collections.Counter[tuple[object, ...]]:
        """How often each effect arrived, told apart by payload fields (a ticket's round and number):
        a transaction recorded twice under two ids shows twice here, unlike in `accepted_ids`."""
        t = bureau_store.transactions
        with self.engine.connect() as conn:
            payloads = conn.execute(sa.select(t.c.payload)).scalars()
            return collections.Counter(tuple(p.get(f) for f in fields) for p in payloads)

    def payload(self, txn_id: str) -> object:
        t = bureau_store.transactions
        with self.engine.connect() as conn:
            return conn.execute(sa.select(t.c.payload).where(t.c.id == txn_id)).scalar_one()

    def terminal(self) -> dict[str, Any]:
        t = bureau_store.terminals
        with self.engine.connect() as conn:
            return dict(conn.execute(sa.select(t).where(t.c.terminal_id == TERMINAL_ID)).one()._mapping)


@pytest.fixture
def bureau(tmp_path: Path) -> Iterator[Bureau]:
    engine = bureau_store.open_engine(f"sqlite:///{tmp_path / 'bureau.db'}")
    key = bytes.fromhex(add_terminal(engine, TERMINAL_ID))
    with ThreadedServer(create_app(engine)) as server:
        yield Bureau(server.url, key, engine)


@pytest.fixture
def contract_bureau(tmp_path: Path) -> Iterator[ContractBureau]:
    """The minimal contract ingest, kept for its log of every acceptance (see contract_bureau.py)."""
    impl = ContractBureau(str(tmp_path / "contract.sqlite3"), {TERMINAL_ID: TERMINAL_KEY})
    with ThreadedServer(impl.app) as server:
        impl.url = server.url
        yield impl


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    box = Outbox.create(tmp_path / "outbox.sqlite3")
    yield box
    box.close()


def fast_settings(**overrides: Any) -> SyncSettings:
    values: dict[str, Any] = dict(terminal_id=TERMINAL_ID, batch_size=50, timeout_s=2.0, backoff_base_s=0.01,
                                  backoff_cap_s=0.2, idle_poll_s=0.05, heartbeat_interval_s=3600.0)
    values.update(overrides)
    return SyncSettings(**values)


def make_worker(outbox: Outbox, url: str, key: bytes, **overrides: Any) -> SyncWorker:
    return SyncWorker(outbox, BureauClient(url, TERMINAL_ID, key), fast_settings(**overrides))
