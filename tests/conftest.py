"""Shared fixtures of the foundation: an offscreen kiosk with its real widgets and controller."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.config import KioskConfig, parse_config  # noqa: E402
from kiosk.virtual_keyboard import configure_environment  # noqa: E402

configure_environment()  # as kiosk.startup does, before pytest-qt makes the QApplication


@pytest.fixture
def config(tmp_path: Path) -> KioskConfig:
    """Defaults, with data and logs in a temp folder and a bureau URL nobody listens on."""
    return parse_config(
        {
            "paths": {"data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "logs")},
            "bureau": {"url": "http://127.0.0.1:9", "start_local": False, "timeout_s": 0.5},
            "display": {"fullscreen": False},
        }
    )


@pytest.fixture
def kiosk(qtbot, config: KioskConfig) -> Iterator:  # type: ignore[no-untyped-def]
    from kiosk.startup import build

    _, app = build(config)
    qtbot.addWidget(app.window)
    app.show(fullscreen=False)
    yield app
    app.shutdown()
