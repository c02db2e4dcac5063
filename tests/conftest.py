"""Shared fixtures of the foundation: an offscreen kiosk with its real widgets and controller."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.append(str(Path(__file__).parent))  # for ready.py; appended: other folders import their own helpers

from PySide6.QtCore import QCoreApplication  # noqa: E402
from ready import build_kiosk, installed  # noqa: E402

from kiosk.config import KioskConfig, parse_config  # noqa: E402
from kiosk.virtual_keyboard import configure_environment  # noqa: E402

configure_environment()  # as kiosk.startup does, before pytest-qt makes the QApplication

pytest_plugins = ["browser"]  # chromium, page, new_page, live_server: web pages in Debian's Chromium

THREAD_GRACE_S = 5.0  # a worker still in a call with its own timeout (0.5 s to the bureau here) may finish
# Idle pool threads of Starlette's test client (schemathesis runs the bureau through one): they
# end on their own after 10 s idle and never touch Qt.
POOLED = ("AnyIO worker thread", "asyncio-portal")


@pytest.fixture(autouse=True)
def no_threads_left_behind() -> Iterator[None]:
    """Each test ends every thread it started: a simulator or worker left running would touch the
    next test's objects, and a Python thread that happens to collect a dead kiosk's Qt objects
    destroys them off the GUI thread, which aborts the process ("pure virtual method called")."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + THREAD_GRACE_S
    while left := [t for t in threading.enumerate()
                   if t not in before and t.is_alive() and not t.name.startswith(POOLED)]:
        if time.monotonic() > deadline:
            pytest.fail(f"threads still running after the test: {sorted(t.name for t in left)}")
        time.sleep(0.05)
    # Calls the ended threads queued to the GUI thread are delivered while their receivers live;
    # then the test's dead Qt objects are destroyed here, on the GUI thread, not by whichever
    # thread next triggers a collection. (A queued call left pending to a Python slot that the
    # collector freed aborted the next test with "pure virtual method called".)
    QCoreApplication.sendPostedEvents()
    gc.collect()
    QCoreApplication.sendPostedEvents()


@pytest.fixture
def config(tmp_path: Path) -> KioskConfig:
    """Defaults, with data and logs in a temp folder and a bureau URL nobody listens on; the outbox
    installed (as `kiosk queue init` does on a new terminal)."""
    return installed(parse_config(
        {
            "paths": {"data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "logs")},
            "bureau": {"url": "http://127.0.0.1:9", "start_local": False, "timeout_s": 0.5},
            "display": {"fullscreen": False},
        }
    ))


@pytest.fixture
def kiosk(qtbot, config: KioskConfig) -> Iterator:  # type: ignore[no-untyped-def]
    app = build_kiosk(qtbot, config)
    yield app
    app.shutdown()
