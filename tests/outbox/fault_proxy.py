"""A loopback HTTP proxy that misbehaves on purpose, between the terminal and the bureau.

Faults per request: drop the connection unanswered, delay (sometimes past the client's
timeout, then still deliver), answer 500 itself, forward and let the bureau commit but close
without the answer, or deliver the request twice. One request per connection (it answers with
`Connection: close`), so every fault hits exactly one request.
"""

from __future__ import annotations

import collections
import contextlib
import random
import socket
import threading
import time

FAULTS = ("drop", "delay", "error500", "close_after_commit", "duplicate")


def _read_message(sock: socket.socket) -> bytes | None:
    """One HTTP/1.1 message with a Content-Length body (both sides here always send one)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head + b"\r\n\r\n" + body


def _connection_close(response: bytes) -> bytes:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


class FaultProxy:
    def __init__(
        self, upstream_port: int, fault_rate: float, rng: random.Random, delay_s: tuple[float, float],
        scripted: list[str] | None = None,
    ) -> None:
        self.upstream_port, self.fault_rate, self.rng, self.delay_s = upstream_port, fault_rate, rng, delay_s
        self.scripted = list(scripted or [])  # faults forced on the first batch requests, in order
        self.counts: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes accept(); close() alone does not
        self._listener.close()
        self._acceptor.join(5)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _choose(self, request: bytes) -> str:
        with self._lock:
            if self.scripted and b"/v1/transactions/batch" in request.split(b"\r\n", 1)[0]:
                fault = self.scripted.pop(0)
            elif self.rng.random() < self.fault_rate:
                fault = self.rng.choice(FAULTS)
            else:
                fault = "none"
            self.counts[fault] += 1
            return fault

    def _forward(self, request: bytes) -> bytes | None:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10) as upstream:
            upstream.sendall(request)
            return _read_message(upstream)

    def _serve(self, client: socket.socket) -> None:
        with client:
            try:
                request = _read_message(client)
                if request is None:
                    return
                fault = self._choose(request)
                if fault == "drop":
                    linger_reset = b"\x01\x00\x00\x00\x00\x00\x00\x00"
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_reset)
                    return  # closed with a reset, nothing forwarded
                if fault == "error500":
                    client.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
                                   b"Content-Length: 5\r\nConnection: close\r\n\r\noops\n")
                    return
                if fault == "delay":
                    time.sleep(self.rng.uniform(*self.delay_s))
                response = self._forward(request)
                if fault == "duplicate":
                    self._forward(request)  # the same bytes again; the first answer goes back
                if fault == "close_after_commit" or response is None:
                    return
                client.sendall(_connection_close(response))
            except OSError:
                return  # the client gave up (timeout) while we delayed: its problem to retry
