"""Fixtures: the bureau app on SQLite and on a throwaway PostgreSQL cluster, and a signing client."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bureau import signing, store
from bureau.app import create_app
from bureau.auth import add_terminal

TERMINAL = "T-0001"  # the tests name it literally: importlib mode cannot import conftest


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL cluster of our own in a temp dir, stopped at the end of the session."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not installed: apt-get install postgresql")
    as_user: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="bureau-pg-"))
    if os.geteuid() == 0:  # postgres refuses to run as root
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(tmp, "postgres")
    data, port = tmp / "data", _free_port()
    subprocess.run(
        [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
        check=True,
        capture_output=True,
    )
    opts = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*as_user, pg_ctl, "-D", str(data), "-o", opts, "-l", str(tmp / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


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
        yield eng


class SignedClient:
    """A TestClient that signs `/v1` requests as one terminal, as the kiosk's sync client does."""

    def __init__(self, client: TestClient, terminal_id: str, key: bytes) -> None:
        self.client, self.terminal_id, self.key = client, terminal_id, key

    def request(self, method: str, path: str, body: Any = None, **sign: Any) -> Any:
        raw = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        headers = signing.sign_headers(self.terminal_id, self.key, method, path, raw, **sign)
        headers["Content-Type"] = "application/json"
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
def seeded(engine: Engine) -> dict[str, Any]:
    """A small deterministic data set; returns the generated rows for the tests to look up."""
    from bureau.seed import generate, seed

    seed(engine, count=20, seed_value=7)
    return generate(20, 7)
