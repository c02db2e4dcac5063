"""A double tap on every control of every step of every flow, in elder mode (长辈模式: larger type,
a longer settle), is one tap. The walker is tests/services/tap_walker.py; this half runs in the
other lane of scripts/run-tests than the Chinese half (tests/services/test_double_taps.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "services"))

from tap_walker import TapWalker, single_and_double_walks_agree, tap_walker  # noqa: E402

from kiosk.services import all_flows  # noqa: E402


@pytest.fixture(scope="module")
def walker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TapWalker]:
    with tap_walker(tmp_path_factory.mktemp("taps")) as walker:
        yield walker


@pytest.mark.parametrize("flow_id", sorted(all_flows()))
def test_a_double_tap_on_every_control_of_every_step_is_one_tap_in_elder_mode(walker: TapWalker, flow_id: str) -> None:
    single_and_double_walks_agree(walker, "elder", flow_id)
