"""A double tap on every control of every step of every flow, in Chinese, is one tap (the walker and
what it checks: tap_walker.py; elder mode: tests/touch/test_double_taps_elder.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tap_walker import TapWalker, single_and_double_walks_agree, tap_walker

from kiosk.services import all_flows


@pytest.fixture(scope="module")
def walker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TapWalker]:
    with tap_walker(tmp_path_factory.mktemp("taps")) as walker:
        yield walker


@pytest.mark.parametrize("flow_id", sorted(all_flows()))
def test_a_double_tap_on_every_control_of_every_step_is_one_tap(walker: TapWalker, flow_id: str) -> None:
    single_and_double_walks_agree(walker, "zh", flow_id)
