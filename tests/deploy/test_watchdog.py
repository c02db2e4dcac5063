"""The systemd watchdog: pings come from the GUI loop, so a frozen GUI stops them and systemd restarts the kiosk.

A fake NOTIFY_SOCKET (a Unix datagram socket, as systemd binds) records what the kiosk sends.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

from kiosk.watchdog import SystemdWatchdog

ROOT = Path(__file__).resolve().parents[2]


class FakeNotifySocket:
    """What systemd's notification socket received, with arrival times (a reader thread)."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + address[1:] if address.startswith("@") else address)
        self.sock.settimeout(0.1)
        self.received: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            self.received.append((time.monotonic(), data.decode()))

    def messages(self, text: str, since: float = 0.0, until: float = float("inf")) -> list[float]:
        return [t for t, m in list(self.received) if text in m.splitlines() and since <= t <= until]

    def wait_for(self, text: str, count: int = 1, since: float = 0.0, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while len(self.messages(text, since)) < count:
            assert time.monotonic() < deadline, f"fewer than {count} {text!r} within {timeout_s} s: {self.received}"
            time.sleep(0.05)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def test_sigstopped_kiosk_stops_pinging_and_resumes(source_kiosk, kiosk_config, child_env) -> None:
    notify = FakeNotifySocket(f"@tax-kiosk-test-{uuid.uuid4().hex}")
    env = {**child_env, "NOTIFY_SOCKET": notify.address, "WATCHDOG_USEC": "400000"}  # ping every 0.2 s
    proc = subprocess.Popen([*source_kiosk, "run", "--config", str(kiosk_config)],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        notify.wait_for("READY=1")
        notify.wait_for("WATCHDOG=1", count=3)
        proc.send_signal(signal.SIGSTOP)
        time.sleep(0.3)  # a ping sent just before the stop may still be in flight
        frozen_from = time.monotonic()
        time.sleep(2.0)
        frozen_until = time.monotonic()
        assert notify.messages("WATCHDOG=1", frozen_from, frozen_until) == []  # systemd would time out
        proc.send_signal(signal.SIGCONT)
        notify.wait_for("WATCHDOG=1", count=2, since=frozen_until, timeout_s=10)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, proc.stderr.read().decode() if proc.stderr else ""
        notify.wait_for("STOPPING=1", timeout_s=5)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGCONT)
            proc.kill()
            proc.wait()
        notify.close()


def test_blocked_gui_thread_stops_pings(qtbot, tmp_path) -> None:
    """Only the GUI thread is blocked (other threads run on): the pings still stop."""
    notify = FakeNotifySocket(str(tmp_path / "notify"))
    watchdog = SystemdWatchdog({"NOTIFY_SOCKET": notify.address, "WATCHDOG_USEC": "200000"})
    try:
        watchdog.start()
        qtbot.waitUntil(lambda: len(notify.messages("WATCHDOG=1")) >= 3, timeout=5000)
        assert notify.messages("READY=1")
        blocked_from = time.monotonic()
        time.sleep(1.2)  # this test runs on the GUI thread: its event loop is blocked now
        blocked_until = time.monotonic()
        assert notify.messages("WATCHDOG=1", blocked_from + 0.15, blocked_until) == []
        qtbot.waitUntil(lambda: len(notify.messages("WATCHDOG=1", since=blocked_until)) >= 2, timeout=5000)
        watchdog.stopping()
        qtbot.waitUntil(lambda: bool(notify.messages("STOPPING=1")), timeout=2000)
    finally:
        notify.close()

