"""The configured sync: key file as `bureau terminals add --key-file` writes it, settings from TOML."""

from __future__ import annotations

from pathlib import Path

from conftest import TERMINAL_ID, Bureau

from kiosk.config import parse_config
from kiosk.file_safety import read_terminal_key
from kiosk.sync_client import build_sync, outbox_path
from offline_queue.outbox import Outbox


def test_configured_worker_syncs_with_the_provisioned_key(tmp_path: Path, bureau: Bureau) -> None:
    key_file = tmp_path / "terminal.key"
    key_file.write_text(bureau.key.hex() + "\n")
    key_file.chmod(0o600)  # as `bureau terminals add --key-file` writes it; others could not read it
    config = parse_config({
        "terminal": {"id": TERMINAL_ID},
        "bureau": {"url": bureau.url, "terminal_key_file": str(key_file), "timeout_s": 2.0},
        "paths": {"data_dir": str(tmp_path / "data")},
        "outbox": {"batch_size": 7, "retention_days": 2},
    })
    assert read_terminal_key(key_file) == bureau.key
    outbox = Outbox.create(outbox_path(config))
    worker = build_sync(config, outbox)
    assert (worker.settings.batch_size, worker.settings.retention_s) == (7, 2 * 86400)
    ids = [outbox.record("rating", {"level": 5}).id for _ in range(10)]
    assert worker.drain(10)
    assert sorted(bureau.accepted_ids()) == sorted(ids)


def test_missing_key_pauses_with_an_alert_instead_of_crashing(tmp_path: Path, bureau: Bureau) -> None:
    config = parse_config({"terminal": {"id": TERMINAL_ID}, "bureau": {"url": bureau.url},
                           "paths": {"data_dir": str(tmp_path)}})
    outbox = Outbox.create(outbox_path(config))
    alerts: list[str] = []
    worker = build_sync(config, outbox, on_alert=alerts.append)
    outbox.record("rating", {"level": 3})
    assert not worker.drain(5)
    assert alerts and worker.status.paused and outbox.backlog().pending == 1
