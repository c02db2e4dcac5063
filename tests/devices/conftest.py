from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.idcard.reader import SamReader
from drivers.idcard.sim import SimulatedReader


@pytest.fixture
def sam_sim(tmp_path: Path) -> Iterator[SimulatedReader]:
    sim = SimulatedReader(tmp_path / "ttyIDCARD").start()
    yield sim
    sim.stop()


@pytest.fixture
def sam_reader(sam_sim: SimulatedReader) -> Iterator[SamReader]:
    reader = SamReader("id_reader", str(sam_sim.link), command_timeout_s=0.3, read_timeout_s=0.5)
    reader.open()
    yield reader
    reader.close()


def _wait_until(condition: Callable[[], object], timeout_s: float = 3.0,
                what: str | Callable[[], str] = "") -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() >= end:
            detail = what() if callable(what) else what
            raise AssertionError(f"timed out after {timeout_s:g} s" + (f": {detail}" if detail else ""))
        time.sleep(0.02)


@pytest.fixture
def wait_until() -> Callable[..., None]:
    """wait_until(condition, timeout_s=3.0, what=""): poll a condition; on timeout fail, saying `what`."""
    return _wait_until
