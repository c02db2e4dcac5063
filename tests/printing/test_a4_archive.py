"""The A4 archive: pages are sealed before they reach the disk (no PDF, no ID number, no name in
clear), open only with the terminal's archive key, are deleted after the configured retention, and a
lost key is refused rather than replaced."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from drivers.printer.jobs import JobLedger
from kiosk.cli import main
from kiosk.documents.a4_output import a4_from_config
from kiosk.documents.archive import ArchiveError, SealedArchive
from kiosk.documents.samples import NAME, TAXPAYER_ID, samples
from offline_queue.key_files import KeyFileError


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "opened.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_printed_page_is_sealed_and_opens_only_with_its_key(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a4 = a4_from_config("sim", {}, tmp_path / "data", JobLedger())
    outcome = a4.print("cert-1", samples()["tax_certificate"])
    on_disk = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert on_disk == ["data/archive.key", "data/archive/cert-1.pdf.sealed"]
    assert outcome.pdf == tmp_path / "data" / "archive" / "cert-1.pdf.sealed"
    raw = outcome.pdf.read_bytes()
    assert b"%PDF" not in raw and TAXPAYER_ID.encode() not in raw and NAME.encode() not in raw
    assert oct(outcome.pdf.stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "data" / "archive.key").stat().st_mode & 0o777) == "0o600"
    opened = a4.archive.open("cert-1")
    assert opened.startswith(b"%PDF") and NAME in pdf_text(opened, tmp_path)
    with pytest.raises(ArchiveError, match="does not open with this archive key"):
        SealedArchive(a4.archive.folder, os.urandom(32)).open("cert-1")
    outcome.pdf.rename(outcome.pdf.with_name("cert-2.pdf.sealed"))  # bound to its job id: no swapping
    with pytest.raises(ArchiveError):
        a4.archive.open("cert-2")


def test_pages_past_the_configured_retention_are_purged(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a4 = a4_from_config("sim", {"archive_days": 7}, tmp_path, JobLedger())
    doc = samples()["tax_certificate"]
    a4.print("old", doc)
    eight_days_ago = time.time() - 8 * 86400
    os.utime(a4.archive.path("old"), (eight_days_ago, eight_days_ago))
    a4.print("new", doc)  # each print applies the retention
    assert a4.archive.job_ids() == ["new"]
    with pytest.raises(ValueError, match="archive_days"):
        a4_from_config("sim", {"archive_days": 0}, tmp_path, JobLedger())


def test_a_lost_archive_key_is_refused_not_replaced(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a4 = a4_from_config("sim", {}, tmp_path, JobLedger())
    a4.print("cert-1", samples()["tax_certificate"])
    (tmp_path / "archive.key").unlink()
    with pytest.raises(KeyFileError, match="never made again"):
        a4_from_config("sim", {}, tmp_path, JobLedger())
    assert not (tmp_path / "archive.key").exists()


def test_a_technician_opens_one_page_from_the_command_line(qapp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\nlog_dir = "{tmp_path / "logs"}"\n')
    a4_from_config("sim", {}, tmp_path / "data", JobLedger()).print("cert-1", samples()["tax_certificate"])
    assert main(["printer", "archive", "--config", str(config), "list"]) == 0
    assert capsys.readouterr().out.split() == ["cert-1"]
    out = tmp_path / "copy.pdf"
    assert main(["printer", "archive", "--config", str(config), "open", "cert-1", "--out", str(out)]) == 0
    assert NAME in pdf_text(out.read_bytes(), tmp_path)
    assert main(["printer", "archive", "--config", str(config), "open", "nope", "--out", str(out)]) == 1
    assert "no archived page" in capsys.readouterr().err
