"""Technician cards over the API on both storages: valid, forged, expired, revoked, and the
revocation list terminals keep for offline checks; `bureau serve` answers over HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests
from sqlalchemy.engine import Engine

from bureau import docsign
from bureau.technicians import issue_card, revoke_card
from taxcore import docpayload


def status(terminal: Any, qr: str) -> str:
    res = terminal.post("/v1/technicians/check", {"qr": qr})
    assert res.status_code == 200, res.text
    return str(res.json()["status"])


def test_card_states(terminal: Any, engine: Engine) -> None:
    card_id, qr = issue_card(engine, "李工", days=30)
    _, expired = issue_card(engine, "王工", days=-1)
    assert status(terminal, qr) == "valid"
    assert terminal.post("/v1/technicians/check", {"qr": qr}).json()["name"] == "李工"
    assert status(terminal, expired) == "expired"
    assert status(terminal, "garbage") == "invalid"
    not_a_card = docsign.sign_payload(engine, {"k": "invoice", "s": card_id})
    assert status(terminal, not_a_card) == "invalid"
    public = terminal.get("/v1/content/public_key").json()["data"]["public_key_hex"]
    claims = docpayload.verify_payload(public, qr)  # what a terminal checks offline
    assert claims is not None and (claims["k"], claims["s"], claims["n"]) == ("tech", card_id, "李工")
    assert claims["e"] > time.time() + 29 * 86400
    assert terminal.get("/v1/technicians/revoked").json() == {"revoked": []}
    assert revoke_card(engine, card_id)
    assert status(terminal, qr) == "revoked"
    assert terminal.get("/v1/technicians/revoked").json() == {"revoked": [card_id]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_bureau_serve_answers_on_the_port_and_database_given(tmp_path: Path) -> None:
    port, db = _free_port(), tmp_path / "served.sqlite3"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bureau",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--db",
            f"sqlite:///{db}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                res = requests.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except (requests.ConnectionError, requests.Timeout):  # a loaded machine may accept, then answer late
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
                assert time.monotonic() < deadline, "bureau serve did not start"
                time.sleep(0.2)
        assert res.json()["status"] == "ok"
        assert requests.get(f"http://127.0.0.1:{port}/v1/content/rates", timeout=5).status_code == 401
        assert db.exists()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
