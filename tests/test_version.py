"""The version and build id a terminal reports in its heartbeats (and its self-test)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from kiosk.config import parse_config
from kiosk.sync_client import build_sync
from kiosk.version import build_id, version
from offline_queue.outbox import Outbox

ROOT = Path(__file__).resolve().parents[1]


def test_heartbeats_carry_the_package_version_and_the_build(tmp_path: Path) -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version() == declared
    assert build_id() == "source"  # no bundle build wrote kiosk/build_id
    config = parse_config({"bureau": {"url": "http://127.0.0.1:9", "start_local": False}})
    sync = build_sync(config, Outbox.create(tmp_path / "outbox.db"))
    assert (sync.settings.version, sync.settings.build) == (declared, "source")
