"""Fixtures of the diagnostics tests: a kiosk with a technician PIN and a card key (helpers in diag_helpers.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.append(str(Path(__file__).parent))  # for diag_helpers; appended: other folders import their own `conftest`

from diag_helpers import diag_settings  # noqa: E402
from ready import build_kiosk  # noqa: E402

from kiosk.config import KioskConfig, parse_config  # noqa: E402


@pytest.fixture
def diag_config(tmp_path: Path) -> KioskConfig:
    return parse_config(diag_settings(tmp_path))


@pytest.fixture
def diag_kiosk(qtbot, diag_config: KioskConfig) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    app = build_kiosk(qtbot, diag_config)
    yield app
    app.shutdown()


