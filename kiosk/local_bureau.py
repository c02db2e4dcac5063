"""Starts and stops a reference bureau process on a free loopback port (demo and tests)."""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

log = logging.getLogger(__name__)


class LocalBureauError(RuntimeError):
    """The local bureau did not come up; the message says what it printed."""


def _die_with_parent() -> None:
    """Linux: the bureau child gets SIGTERM if the kiosk dies, even by SIGKILL; no orphans."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalBureau:
    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        self.db_url = f"sqlite:///{folder / 'bureau.db'}"
        self._log_file = folder / "bureau.log"
        self._proc: subprocess.Popen[bytes] | None = None

    def provision(self, terminal_id: str, key_file: Path) -> None:
        """Seed the synthetic taxpayers and the sample ID cards' holders (so a card on the simulated
        reader is a taxpayer with records to show) and register the terminal's key."""
        self.folder.mkdir(parents=True, exist_ok=True)
        key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "bureau", "seed", "--card-holders", "--db", self.db_url],
                       check=True, capture_output=True, timeout=60)
        subprocess.run(
            [sys.executable, "-m", "bureau", "terminals", "add", terminal_id, "--db", self.db_url,
             "--key-file", str(key_file)],
            check=True, capture_output=True, timeout=60,
        )

    def start(self, timeout_s: float = 60.0) -> None:
        """Start `bureau serve` and wait for /health. A minute: a cold or busy machine takes over
        20 s just to import the server (seen at load 10)."""
        self._log_file.parent.mkdir(parents=True, exist_ok=True)
        out = self._log_file.open("ab")
        cmd = [sys.executable, "-m", "bureau", "serve", "--host", "127.0.0.1", "--port", str(self.port),
               "--db", self.db_url]
        self._proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        out.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise LocalBureauError(
                    f"the local bureau exited with code {self._proc.returncode}; see {self._log_file}"
                )
            try:
                if requests.get(self.url + "/health", timeout=0.5).status_code == 200:
                    log.info("local bureau up", extra={"url": self.url})
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise LocalBureauError(f"the local bureau did not answer within {timeout_s:.0f} s; see {self._log_file}")

    def stop(self) -> None:
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None

    def __enter__(self) -> LocalBureau:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
