"""`kiosk queue …` on an outbox file, as a technician would run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main
from offline_queue.outbox import PENDING, REJECTED, Outbox
from offline_queue.sync import PAUSED_META


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "outbox.db"
    box = Outbox.create(path)
    ids = [box.record("ticket", {"n": i, "applicant": {"name": "赵六", "id_number": "11010519491231002X"}}).id
           for i in range(3)]
    box.claim_due(1)
    box.mark_rejected({ids[0]: "taxpayer unknown"})
    box.set_meta(PAUSED_META, "bureau refused this terminal's credentials (HTTP 401)")
    box.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["queue", *argv])
    return code, capsys.readouterr().out


def test_status_reports_backlog_pause_and_integrity(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--db", str(db), "status", "--json", "--no-probe")
    report = json.loads(out)
    assert code == 0
    assert report["pending"] == 2 and report["counts"][REJECTED] == 1
    assert "401" in report["paused"] and report["integrity"] == "ok"
    assert report["oldest_pending_age_s"] >= 0 and report["last_sync"] is None


def test_list_shows_reason_and_withholds_personal_data(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--db", str(db), "list")
    assert code == 0 and len(out.splitlines()) == 3
    assert "taxpayer unknown" in out
    code, out = run(capsys, "--db", str(db), "list", "--state", "rejected")
    assert len(out.splitlines()) == 1


def test_retry_resumes_and_requeues_rejected(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--db", str(db), "retry")
    assert code == 0 and "resumed" in out
    box = Outbox.open(db)
    assert box.get_meta(PAUSED_META) is None
    assert box.backlog().counts[REJECTED] == 1  # a plain retry does not resend what the bureau refused
    rejected_id = box.rows(REJECTED)[0]["id"]
    box.close()
    assert run(capsys, "--db", str(db), "retry", "not-an-id")[0] == 1
    code, out = run(capsys, "--db", str(db), "retry", rejected_id)
    assert code == 0 and out.startswith("1 rejected")
    box = Outbox.open(db)
    assert box.backlog().counts[PENDING] == 3
    box.close()


def test_export_writes_json_lines_without_personal_data(db: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "export.jsonl"
    code, _ = run(capsys, "--db", str(db), "export", str(out_file))
    text = out_file.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines()]
    assert code == 0 and len(rows) == 3
    assert "赵六" not in text and "11010519491231002X" not in text
    assert rows[0]["payload"]["applicant"]["name"] == "<personal data withheld>"


def test_unsafe_key_file_is_reported_not_used(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db.with_name(db.name + ".key").chmod(0o644)
    assert main(["queue", "--db", str(db), "status", "--no-probe"]) == 2
    assert "chmod 600" in capsys.readouterr().err
