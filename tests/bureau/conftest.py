"""Fixtures: the bureau app on SQLite and on a throwaway PostgreSQL cluster, and a signing client."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bureau import keys, pg_throwaway, sessions, store
from bureau.app import create_app
from bureau.auth import add_terminal
from taxcore import signing

TERMINAL = "T-0001"  # the tests name it literally: importlib mode cannot import conftest


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL cluster of our own for the session."""
    if not pg_throwaway.available():
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not installed: apt-get install postgresql")
    with pg_throwaway.temporary_cluster() as url:
        yield url


@pytest.fixture(scope="session")
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    engine = store.open_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """Every test that uses the bureau runs on both storages."""
    if request.param == "sqlite":
        eng = store.open_engine(f"sqlite:///{tmp_path / 'bureau.sqlite3'}")
        yield eng
        eng.dispose()
    else:
        eng = request.getfixturevalue("pg_engine")
        store.reset(eng)
        keys.use(eng, tmp_path / "keys")  # a fresh database: its key files are made there
        yield eng


class SignedClient:
    """A TestClient that signs `/v1` requests as one terminal, as the kiosk's sync client does."""

    def __init__(self, client: TestClient, terminal_id: str, key: bytes, session: str | None = None) -> None:
        self.client, self.terminal_id, self.key, self.session = client, terminal_id, key, session

    def with_session(self, token: str | None) -> SignedClient:
        """This terminal, its requests carrying a taxpayer session (`bureau.sessions`)."""
        return SignedClient(self.client, self.terminal_id, self.key, token)

    def request(self, method: str, path: str, body: Any = None, **sign: Any) -> Any:
        raw = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        headers = signing.sign_headers(self.terminal_id, self.key, method, path, raw, **sign)
        headers["Content-Type"] = "application/json"
        if self.session is not None:
            headers[sessions.HEADER] = self.session
        return self.client.request(method, path, content=raw, headers=headers)

    def post(self, path: str, body: Any = None, **sign: Any) -> Any:
        return self.request("POST", path, body, **sign)

    def get(self, path: str, **sign: Any) -> Any:
        return self.request("GET", path, None, **sign)


@pytest.fixture
def client(engine: Engine) -> TestClient:
    return TestClient(create_app(engine))


@pytest.fixture
def terminal(client: TestClient, engine: Engine) -> SignedClient:
    key = bytes.fromhex(add_terminal(engine, TERMINAL))
    return SignedClient(client, TERMINAL, key)


@pytest.fixture
def identified(terminal: SignedClient, engine: Engine) -> Callable[[str], SignedClient]:
    """`identified(number)`: the test terminal acting for that taxpayer, as after identification
    (the session opened directly: these tests are about what a session may do, not how it is got)."""

    def as_taxpayer(number: str) -> SignedClient:
        with engine.begin() as conn:
            token, _ = sessions.open_session(conn, terminal.terminal_id, number.upper(), None, "face")
        return terminal.with_session(token)

    return as_taxpayer


@pytest.fixture
def bookable_slot(engine: Engine) -> str:
    """The first hour hall H1 takes appointments in, as the bureau offers it (bureau/booking.py)."""
    from bureau import booking

    return str(booking.slots(engine, "H1")[0]["slot"])


@pytest.fixture
def seeded(engine: Engine) -> dict[str, Any]:
    """A small deterministic data set; returns the generated rows for the tests to look up."""
    from bureau.seed import generate, seed

    seed(engine, count=20, seed_value=7)
    return generate(20, 7)
