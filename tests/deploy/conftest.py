"""Fixtures of the deployment tests: a config whose folders live in the test's temp dir."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))  # debroot, the throwaway Debian roots


@pytest.fixture
def make_config(tmp_path: Path) -> Callable[..., Path]:
    """Writes a kiosk.toml with data and logs in the temp dir (or the data dir given)."""

    def write(data_dir: Path | None = None) -> Path:
        if data_dir is None and not (tmp_path / "data" / "outbox.db").exists():  # as `kiosk queue init` sets it up
            from offline_queue.outbox import Outbox

            Outbox.create(tmp_path / "data" / "outbox.db").close()
        config = tmp_path / "kiosk.toml"
        config.write_text(
            f'[paths]\ndata_dir = "{data_dir or tmp_path / "data"}"\nlog_dir = "{tmp_path / "logs"}"\n'
            '[bureau]\nurl = "http://127.0.0.1:9"\nstart_local = false\n'
        )
        return config

    return write


@pytest.fixture
def kiosk_config(make_config: Callable[..., Path]) -> Path:
    return make_config()


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def source_kiosk() -> list[str]:
    """The kiosk started from this checkout, as a separate process."""
    return [sys.executable, "-m", "kiosk"]


@pytest.fixture
def child_env(tmp_path: Path) -> dict[str, str]:
    """A clean environment for a kiosk child process: offscreen, caches in the temp dir."""
    env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")}
    env.update({"QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)})
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    return env


def self_test(command: list[str], config: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`<kiosk> run --self-test --config FILE`, its output captured."""
    return subprocess.run(
        [*command, "run", "--self-test", "--config", str(config)],
        capture_output=True, text=True, timeout=180, env=env, cwd=ROOT,
    )


@pytest.fixture
def run_self_test() -> Callable[[list[str], Path, dict[str, str]], subprocess.CompletedProcess[str]]:
    return self_test
