from __future__ import annotations

from collections.abc import Iterator
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
