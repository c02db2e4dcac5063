"""A seeded reference bureau on loopback with this terminal registered, and a payments ledger."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "outbox"))

from conftest import TERMINAL_ID, Bureau, ThreadedServer  # noqa: E402

from bureau import sessions  # noqa: E402
from bureau import store as bureau_store  # noqa: E402
from bureau.app import create_app  # noqa: E402
from bureau.auth import add_terminal  # noqa: E402
from bureau.seed import generate, seed  # noqa: E402
from kiosk.bureau_calls import BureauCalls  # noqa: E402
from kiosk.payments import PaymentLedger, Payments  # noqa: E402
from kiosk.sync_client import BureauClient  # noqa: E402
from offline_queue.outbox import Outbox  # noqa: E402
from offline_queue.sync import Reply, TransportError  # noqa: E402

SEED = dict(count=20, seed_value=7)


@pytest.fixture
def bureau(tmp_path: Path) -> Iterator[Bureau]:
    engine = bureau_store.open_engine(f"sqlite:///{tmp_path / 'bureau.db'}")
    seed(engine, **SEED)
    key = bytes.fromhex(add_terminal(engine, TERMINAL_ID))
    with ThreadedServer(create_app(engine)) as server:
        yield Bureau(server.url, key, engine)


@pytest.fixture
def taxpayer() -> dict[str, Any]:
    return dict(generate(SEED["count"], SEED["seed_value"])["taxpayers"][0])


class LosingClient(BureauClient):
    """A real client whose next answers are lost after the bureau has acted on the request."""

    lose_next = 0

    def request(self, method: str, path: str, data: bytes, timeout_s: float,
                extra: Mapping[str, str] | None = None) -> Reply:
        reply = super().request(method, path, data, timeout_s, extra)
        if self.lose_next:
            self.lose_next -= 1
            raise TransportError("connection reset after the request was sent")
        return reply


@pytest.fixture
def client(bureau: Bureau) -> LosingClient:
    return LosingClient(bureau.url, TERMINAL_ID, bureau.key)


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    box = Outbox.create(tmp_path / "outbox.db")
    yield box
    box.close()


@pytest.fixture
def verified_calls(client: LosingClient, bureau: Bureau) -> Callable[[str], BureauCalls]:
    """`verified_calls(number)`: the kiosk's bureau calls after `number` passed the face step here."""

    def calls_for(number: str) -> BureauCalls:
        calls = BureauCalls(client, timeout_s=3.0)
        with bureau.engine.begin() as conn:
            token, _ = sessions.open_session(conn, TERMINAL_ID, number, None, "face")
        calls.begin_taxpayer(token)
        return calls

    return calls_for


@pytest.fixture
def payments(outbox: Outbox, verified_calls: Callable[[str], BureauCalls], taxpayer: dict[str, Any]) -> Payments:
    return Payments(PaymentLedger(outbox), verified_calls(taxpayer["id_number"]))
