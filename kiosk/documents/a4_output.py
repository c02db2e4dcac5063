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
from kiosk.documents.a4 import A4PrintError, print_document, write_pdf
from kiosk.documents.a4_settings import A4ArchiveSettings, A4PrinterSettings
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
    def __init__(self, archive_dir: Path, printer_name: str, ledger: JobLedger) -> None:
        self.archive_dir = archive_dir
        self.printer_name = printer_name  # "" for no system printer: the PDF is the output
        self.ledger = ledger
        self.last_state: dict[str, str] | None = None  # the last `state()`, for reports that must not wait

    def state(self) -> dict[str, str]:
        """The A4 printer as the devices page and the self-test show it. May ask the spooler: a worker's call."""
        fields = {"state": "online", "driver": "qt" if self.printer_name else "sim",
                  "printer": self.printer_name or "none (PDF archive only)", "archive": str(self.archive_dir)}
        if not _writable(self.archive_dir):
            fields.update(state="error", archive=f"{self.archive_dir} (not writable)")
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
        pdf = self.archive_dir / f"{job_id}.pdf"
        existing = self.ledger.claim(job_id, doc.kind, b"")
        if existing is not None:
            return A4Outcome(job_id, existing.state, pdf, "已打印，不再重复打印 · Already printed", False)
        write_pdf(doc, pdf, title=job_id)
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


def a4_from_config(driver: str, settings: dict[str, Any], data_dir: Path, ledger: JobLedger) -> A4Output:
    """`[devices.a4_printer]`, checked by its driver's settings model (kiosk/documents/a4_settings.py);
    raises `DriverConfigError` naming the setting that is wrong."""
    _spec, checked = REGISTRY.check("a4_printer", driver, settings)
    assert isinstance(checked, A4ArchiveSettings)
    archive = Path(checked.archive_dir or data_dir / "archive").expanduser()
    return A4Output(archive, checked.printer if isinstance(checked, A4PrinterSettings) else "", ledger)
