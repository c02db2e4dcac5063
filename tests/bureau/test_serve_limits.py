"""`bureau serve` itself, over real sockets: a short, lying or oversized body cannot hold a
connection or make the bureau read it, and its log never shows a full ID number."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from bureau import store
from bureau.auth import add_terminal
from bureau.pg_throwaway import free_port
from taxcore import signing

REPO = Path(__file__).resolve().parents[2]
TIMEOUT_S = 1.0
MAX_BYTES = 65536
ID_NUMBER = "11010519491231002X"


@dataclass
class Served:
    port: int
    key: bytes
    log: Path

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("serve")
    url = f"sqlite:///{folder / 'bureau.sqlite3'}"
    key = bytes.fromhex(add_terminal(store.open_engine(url), "T-1"))
    port, log = free_port(), folder / "bureau.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bureau", "serve", "--db", url, "--port", str(port), "--log-level", "info",
             "--body-timeout-s", str(TIMEOUT_S), "--max-body-bytes", str(MAX_BYTES)],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/health", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):  # a loaded machine may accept, then answer late
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        yield Served(port, key, log)
    finally:
        proc.terminate()
        proc.wait(10)


def answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def test_a_body_shorter_than_announced_is_answered_408_and_the_connection_closed(served: Served) -> None:
    with served.connect() as sock:
        sock.sendall(b"POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n{\"terminal_id\":")
        started = time.monotonic()
        reply = answer(sock)  # the server closes: recv would block forever otherwise (socket timeout 10 s)
        waited = time.monotonic() - started
    assert reply.startswith(b"HTTP/1.1 408"), reply[:200]
    assert b"body_timeout" in reply
    assert TIMEOUT_S * 0.9 <= waited < TIMEOUT_S + 5


def test_a_trickled_body_is_cut_off_at_the_timeout(served: Served) -> None:
    with served.connect() as sock:
        sock.sendall(b"POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
        started = time.monotonic()
        for _ in range(30):  # one byte every 0.1 s would take 10 s
            try:
                sock.sendall(b" ")
            except OSError:
                break
            time.sleep(0.1)
            if time.monotonic() - started > TIMEOUT_S + 0.5:
                break
        reply = answer(sock)
    assert reply.startswith(b"HTTP/1.1 408"), reply[:200]


def test_a_huge_announced_body_is_refused_without_being_sent(served: Served) -> None:
    with served.connect() as sock:
        sock.sendall(b"POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n")
        reply = answer(sock)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert b"too_large" in reply


def test_a_chunked_body_is_refused_once_past_the_limit(served: Served) -> None:
    with served.connect() as sock:
        sock.sendall(b"POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (16384, b"x" * 16384)
        # one chunk past the limit and no more: were bytes left unread when the server closes, its
        # kernel would answer them with a reset that can overtake the 413
        sock.sendall(chunk * (MAX_BYTES // 16384 + 1))
        reply = answer(sock)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]


def test_the_bureau_still_answers_after_the_refusals(served: Served) -> None:
    assert requests.get(f"http://127.0.0.1:{served.port}/health", timeout=5).status_code == 200


def test_the_log_masks_id_numbers_in_paths_and_messages(served: Served) -> None:
    path = f"/v1/taxpayers/{ID_NUMBER}"
    headers = signing.sign_headers("T-1", served.key, "GET", path)
    requests.get(f"http://127.0.0.1:{served.port}{path}", headers=headers, timeout=5)
    forged = signing.sign_headers("T-1", b"wrong key", "GET", path)  # logged as a bad signature, with the path
    assert requests.get(f"http://127.0.0.1:{served.port}{path}", headers=forged, timeout=5).status_code == 401
    deadline = time.monotonic() + 5
    while "bad signature" not in served.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    log = served.log.read_text()
    assert "bad signature" in log and "/v1/taxpayers/110***********002X" in log, log
    assert ID_NUMBER not in log
