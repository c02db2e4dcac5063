"""A4 jobs: the archive PDF always, then a silent print on the configured system printer.

Same print-once rule as the receipt printer (`JobLedger`): a retry with a job id that already
went to the spooler does not print again. The spooler cannot say whether paper came out, so a
job handed to it is SENT; a job the spooler refused is REFUSED and may be retried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from drivers.printer.jobs import JobLedger, JobState
from kiosk.documents.a4 import A4PrintError, print_document, write_pdf
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
