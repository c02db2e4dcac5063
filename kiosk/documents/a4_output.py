"""A4 jobs: the archive PDF always, then a silent print on the configured system printer.

Same print-once rule as the receipt printer (`JobLedger`): a retry with a job id that already
went to the spooler does not print again. The spooler cannot say whether paper came out, so a
job handed to it is SENT; a job the spooler refused is REFUSED and may be retried.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drivers.printer.jobs import JobLedger, JobState
from drivers.registry import REGISTRY
from kiosk.documents.a4 import A4PrintError, print_document, render_pdf
from kiosk.documents.a4_settings import A4ArchiveSettings, A4PrinterSettings
from kiosk.documents.archive import SealedArchive, archive_key
from kiosk.documents.model import Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class A4Outcome:
    job_id: str
    state: JobState
    pdf: Path
    message: str
    printed_now: bool


class A4Output:
    def __init__(self, archive: SealedArchive, printer_name: str, ledger: JobLedger) -> None:
        self.archive = archive  # every page, sealed; purged after its retention
        self.printer_name = printer_name  # "" for no system printer: the archived page is the output
        self.ledger = ledger
        self.last_state: dict[str, str] | None = None  # the last `state()`, for reports that must not wait

    def state(self) -> dict[str, str]:
        """The A4 printer as the devices page and the self-test show it. May ask the spooler: a worker's call."""
        fields = {"state": "online", "driver": "qt" if self.printer_name else "sim",
                  "printer": self.printer_name or "none (PDF archive only)", "archive": str(self.archive.folder)}
        if not _writable(self.archive.folder):
            fields.update(state="error", archive=f"{self.archive.folder} (not writable)")
        if self.printer_name:
            from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

            info = QPrinterInfo.printerInfo(self.printer_name)
            if info.isNull():
                fields.update(state="offline", spooler="no such printer")
            else:
                spooler = info.state()
                fields["spooler"] = spooler.name.lower()
                if spooler in (QPrinter.PrinterState.Aborted, QPrinter.PrinterState.Error):
                    fields["state"] = "error"
        self.last_state = fields
        return fields

    def print(self, job_id: str, doc: Document) -> A4Outcome:
        """Runs on a worker (painting a page takes ~20 ms, the spooler may take longer)."""
        pdf = self.archive.path(job_id)
        existing = self.ledger.claim(job_id, doc.kind, b"")
        if existing is not None:
            return A4Outcome(job_id, existing.state, pdf, "已打印，不再重复打印 · Already printed", False)
        self.archive.store(job_id, render_pdf(doc, title=job_id)[0])
        self.archive.purge()
        if not self.printer_name:
            self.ledger.finish(job_id, JobState.SENT, "archived")
            return A4Outcome(job_id, JobState.SENT, pdf, "已生成PDF · PDF written", True)
        try:
            print_document(doc, self.printer_name, job_id)
        except A4PrintError as exc:
            log.warning("A4 job %s refused: %s", job_id, exc)
            self.ledger.finish(job_id, JobState.REFUSED, str(exc))
            return A4Outcome(
                job_id, JobState.REFUSED, pdf, "A4打印机不可用，请联系工作人员 · A4 printer unavailable", False
            )
        self.ledger.finish(job_id, JobState.SENT, "spooled")
        return A4Outcome(job_id, JobState.SENT, pdf, "已发送到A4打印机 · Sent to the A4 printer", True)


def _writable(folder: Path) -> bool:
    """The folder, or the nearest folder above it that exists (it is made at the first PDF), takes files."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return os.access(folder, os.W_OK | os.X_OK)


@dataclass
class _Device:
    driver: str
    settings: dict[str, Any]


def a4_from_config(driver: str, settings: dict[str, Any], data_dir: Path, ledger: JobLedger) -> A4Output:
    """`[devices.a4_printer]` through the driver registry (settings model: kiosk/documents/a4_settings.py);
    raises `DriverConfigError` naming the setting that is wrong."""
    output: A4Output = REGISTRY.build("a4_printer", _Device(driver, settings), data_dir=data_dir, ledger=ledger)
    return output


def build(device: str, settings: A4ArchiveSettings, *, data_dir: Path, ledger: JobLedger) -> A4Output:
    """The registry's factory for both A4 drivers: "qt" names a system printer, "sim" archives only."""
    folder = _folder(settings, data_dir)
    archive = SealedArchive(folder, archive_key(data_dir, folder), settings.archive_days)
    return A4Output(archive, settings.printer if isinstance(settings, A4PrinterSettings) else "", ledger)


def archive_folder(settings: dict[str, Any], data_dir: Path) -> Path:
    """Where the sealed A4 pages of `[devices.a4_printer]` are kept (the settings as any A4 driver takes them)."""
    return _folder(_checked("sim", {k: v for k, v in settings.items() if k != "printer"}), data_dir)


def _checked(driver: str, settings: dict[str, Any]) -> A4ArchiveSettings:
    _spec, checked = REGISTRY.check("a4_printer", driver, settings)
    assert isinstance(checked, A4ArchiveSettings)
    return checked


def _folder(settings: A4ArchiveSettings, data_dir: Path) -> Path:
    return Path(settings.archive_dir or data_dir / "archive").expanduser()
