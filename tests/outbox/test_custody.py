"""Custody of the outbox: a missing, emptied, damaged or mismatched outbox or key is refused with a
message naming the file, nothing is created or overwritten, and only a technician's `init` or
`recover` makes a fresh one (numbering above what the bureau already holds)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TERMINAL_ID, Bureau, make_worker

from kiosk.cli import main
from offline_queue import store
from offline_queue.cipher import FieldCipher
from offline_queue.custody import CustodyError, OutboxCorrupt
from offline_queue.outbox import Outbox, OutOfService
from offline_queue.sync import PAUSED_META


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a digest of its bytes: what a refusal must leave untouched."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """An outbox with three transactions, closed as a stopped kiosk leaves it."""
    path = tmp_path / "data" / "outbox.db"
    box = Outbox.create(path)
    for level in (5, 4, 3):
        box.record("rating", {"level": level, "applicant": {"name": "王芳"}})
    box.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    box.close()
    return path


def delete(path: Path) -> None:
    path.unlink()


def empty(path: Path) -> None:
    path.write_bytes(b"")


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: 4096 + 100])  # the header page survives, the rest is cut


def garble(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[4096:8192] = os.urandom(4096)  # the second page (the outbox table's) overwritten
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize(("damage", "problem"), [
    (delete, "the outbox is missing"),
    (empty, "the outbox file is empty"),
    (truncate, "damaged|integrity check failed|holds no outbox"),
    (garble, "damaged|integrity check failed|holds no outbox"),
])
def test_a_lost_or_damaged_outbox_is_refused_and_left_as_found(
    installed: Path, damage: Callable[[Path], None], problem: str
) -> None:
    damage(installed)
    before = snapshot(installed.parent)
    with pytest.raises(CustodyError, match=problem) as refused:
        Outbox.open(installed)
    assert refused.value.path == installed
    assert "kiosk queue recover" in str(refused.value)
    assert snapshot(installed.parent) == before  # nothing created, nothing rewritten: kept for forensics


def test_garbage_in_place_of_the_database_is_reported_as_corrupt(installed: Path) -> None:
    installed.write_bytes(b"PK\x03\x04 not an sqlite file at all" * 100)
    with pytest.raises(OutboxCorrupt, match="not an SQLite database"):
        Outbox.open(installed)


def test_a_typo_in_the_data_path_creates_nothing(installed: Path, tmp_path: Path) -> None:
    typo = tmp_path / "dta" / "outbox.db"
    with pytest.raises(CustodyError, match="no outbox here") as refused:
        Outbox.open(typo)
    assert "kiosk queue init" in str(refused.value) and "data_dir" in str(refused.value)
    assert not typo.parent.exists()


@pytest.mark.parametrize(("damage", "problem"), [
    (delete, "the outbox key is missing"),
    (lambda key: key.write_bytes(os.urandom(32)), "the key does not open this outbox"),
    (lambda key: key.write_bytes(b"short"), "has 5 bytes"),
])
def test_a_missing_or_wrong_key_is_refused_never_regenerated(
    installed: Path, damage: Callable[[Path], None], problem: str
) -> None:
    key = installed.with_name("outbox.db.key")
    damage(key)
    before = snapshot(installed.parent)
    with pytest.raises(CustodyError, match=problem) as refused:
        Outbox.open(installed)
    assert refused.value.path == key
    assert snapshot(installed.parent) == before


def test_another_outbox_copied_in_is_refused(installed: Path, tmp_path: Path) -> None:
    other = Outbox.create(tmp_path / "other" / "outbox.db")
    other.close()
    (tmp_path / "other" / "outbox.db").replace(installed)
    with pytest.raises(CustodyError, match="not the outbox created here"):
        Outbox.open(installed)


def test_a_fresh_outbox_is_never_made_over_an_existing_one(installed: Path) -> None:
    installed.unlink()  # even with the database gone, its key and marker say one was here
    with pytest.raises(CustodyError, match="already here"):
        Outbox.create(installed)
    assert not installed.exists()


def test_an_outbox_from_before_markers_is_adopted_only_by_the_kiosk(tmp_path: Path) -> None:
    path = tmp_path / "outbox.db"
    key_path = tmp_path / "outbox.db.key"
    from offline_queue.key_files import create_key

    legacy = Outbox(store.connect(path), FieldCipher(create_key(key_path)))
    legacy.record("rating", {"level": 5})
    legacy.close()
    Outbox.open(path, adopt=False).close()  # a technician's read: writes nothing
    assert not (tmp_path / "outbox.db.custody").exists()
    box = Outbox.open(path)  # the kiosk's start-up: adopted, and checked from now on
    assert box.backlog().pending == 1
    box.close()
    assert json.loads((tmp_path / "outbox.db.custody").read_text())["adopted"] is True
    key_path.write_bytes(os.urandom(32))
    with pytest.raises(CustodyError, match="the key does not open this outbox"):
        Outbox.open(path)


# -- the technician's commands ------------------------------------------------------------------


def write_config(tmp_path: Path, bureau_url: str, key: bytes, data: Path) -> Path:
    key_file = tmp_path / "terminal.key"
    key_file.write_text(key.hex())
    key_file.chmod(0o600)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[terminal]\nid = "{TERMINAL_ID}"\n[paths]\ndata_dir = "{data}"\nlog_dir = "{tmp_path}/logs"\n'
                      f'[bureau]\nurl = "{bureau_url}"\nstart_local = false\ntimeout_s = 2.0\n'
                      f'terminal_key_file = "{key_file}"\n')
    return config


def queue(capsys: pytest.CaptureFixture[str], config: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["queue", "--config", str(config), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("damage", [delete, empty, garble])
def test_queue_commands_refuse_and_create_nothing(
    installed: Path, tmp_path: Path, damage: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9", b"k" * 32, installed.parent)
    damage(installed)
    before = snapshot(tmp_path / "data")
    for command in (["status", "--no-probe"], ["list"], ["retry"], ["export", "-"]):
        code, out, err = queue(capsys, config, *command)
        assert code == 2 and str(installed) in err and out == ""
        assert snapshot(tmp_path / "data") == before


def test_queue_status_on_a_wrong_path_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9", b"k" * 32, tmp_path / "no-such-dir")
    code, _, err = queue(capsys, config, "status", "--no-probe")
    assert code == 2 and "no outbox here" in err
    assert not (tmp_path / "no-such-dir").exists()


def sent_to_bureau(path: Path, bureau: Bureau, count: int) -> None:
    box = Outbox.open(path)
    for n in range(count):
        box.record("rating", {"level": 1 + n % 5})
    assert make_worker(box, bureau.url, bureau.key).drain(10)
    box.close()


def test_init_refuses_a_terminal_the_bureau_already_knows(
    tmp_path: Path, bureau: Bureau, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "data" / "outbox.db"
    config = write_config(tmp_path, bureau.url, bureau.key, first.parent)
    code, out, _ = queue(capsys, config, "init")
    assert code == 0 and "outbox created" in out
    sent_to_bureau(first, bureau, 4)
    code, _, err = queue(capsys, config, "init")
    assert code == 2 and "already here" in err
    typo = write_config(tmp_path, bureau.url, bureau.key, tmp_path / "data2")
    code, _, err = queue(capsys, typo, "init")
    assert code == 2 and "the bureau holds 4 transaction number(s)" in err
    assert not (tmp_path / "data2").exists()


def test_the_bureau_being_ahead_stops_new_transactions(
    tmp_path: Path, bureau: Bureau, installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sent_to_bureau(installed, bureau, 0)
    sent_to_bureau(installed, bureau, 2)  # the bureau holds 1..5
    stale = tmp_path / "restored" / "outbox.db"  # e.g. a fresh file where the real one was
    box = Outbox.create(stale)
    alerts: list[str] = []
    worker = make_worker(box, bureau.url, bureau.key)
    worker._on_alert = alerts.append
    worker.run_once()  # the first step is a heartbeat: the bureau says it holds number 5
    assert box.refused() is not None and "sequence number 5" in box.refused()  # type: ignore[operator]
    assert box.get_meta(PAUSED_META) == box.refused() and alerts == [box.refused()]
    with pytest.raises(OutOfService, match="kiosk queue recover"):
        box.record("rating", {"level": 5})
    box.close()
    config = write_config(tmp_path, "http://127.0.0.1:9", b"k" * 32, stale.parent)
    assert main(["queue", "--config", str(config), "status", "--no-probe", "--json"]) == 1
    assert "sequence number 5" in json.loads(capsys.readouterr().out)["custody"]


def test_recover_keeps_the_damaged_file_and_numbers_above_the_bureau(
    tmp_path: Path, bureau: Bureau, installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, bureau.url, bureau.key, installed.parent)
    sent_to_bureau(installed, bureau, 2)  # the bureau holds 1..5
    garble(installed)
    damaged = installed.read_bytes()
    code, out, _ = queue(capsys, config, "recover", "--reason", "disk fault")
    assert code == 0 and "numbers from 6" in out
    kept = [p for p in installed.parent.iterdir() if p.name.startswith("outbox.db.") and p.name.endswith(".kept")]
    assert [p.read_bytes() for p in kept if "-" not in p.name] == [damaged]  # kept byte for byte
    box = Outbox.open(installed)
    assert box.record("rating", {"level": 5}).seq == 6
    assert make_worker(box, bureau.url, bureau.key).drain(10)
    box.close()
    marker = json.loads(installed.with_name("outbox.db.custody").read_text())
    assert marker["history"][-1]["reason"] == "disk fault"
    logged = [json.loads(line) for line in (tmp_path / "logs" / "kiosk.log").read_text().splitlines()]
    assert any(e["msg"] == "outbox replaced by a technician" and e["next_seq"] == 6 for e in logged)


def test_recover_after_the_bureau_got_ahead_renumbers_what_it_refused(
    tmp_path: Path, bureau: Bureau, installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sent_to_bureau(installed, bureau, 0)  # the bureau holds 1..3
    restored = tmp_path / "restored" / "outbox.db"
    box = Outbox.create(restored)
    clash = box.record("rating", {"level": 2}).id  # numbered 1, which the bureau holds
    box.claim_due(1)
    box.mark_rejected({clash: f"seq 1 already used by {'x' * 8}"})
    box.set_meta("custody_refused", "the bureau already holds sequence number 3")
    box.close()
    config = write_config(tmp_path, bureau.url, bureau.key, restored.parent)
    code, out, _ = queue(capsys, config, "recover")
    assert code == 0 and "1 refused transaction(s) renumbered" in out
    box = Outbox.open(restored)
    assert box.refused() is None
    assert make_worker(box, bureau.url, bureau.key).drain(10)
    assert clash in bureau.accepted_ids()
    assert box.record("rating", {"level": 4}).seq == 5
    box.close()


def test_recover_without_the_bureau_needs_the_fleet_pages_number(
    tmp_path: Path, installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9", b"k" * 32, installed.parent)
    empty(installed)
    code, _, err = queue(capsys, config, "recover")
    assert code == 2 and "--above N" in err
    code, out, _ = queue(capsys, config, "recover", "--above", "41")
    assert code == 0 and "numbers from 42" in out
