"""One call for a service's print step: a document to the paper a person expects.

Runs on a worker (`TaskRunner.submit`), never on the GUI thread: a receipt waits for the
printer's confirmation and an A4 page for the spooler.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.printer.device import ReceiptPrinterDevice
from drivers.printer.printer import PrintOutcome
from kiosk.documents.a4_output import A4Outcome, A4Output
from kiosk.documents.model import Document, Paper
from kiosk.documents.receipt import to_receipt


class NoPrinterError(RuntimeError):
    """The paper asked for has no printer on this terminal."""


@dataclass
class DocumentPrinter:
    receipt: ReceiptPrinterDevice | None
    a4: A4Output | None

    def paper_for(self, doc: Document) -> Paper:
        return "a4" if doc.a4 and self.a4 is not None else "receipt"

    def print(self, job_id: str, doc: Document, paper: Paper | None = None) -> PrintOutcome | A4Outcome:
        """Prints once per job id on either paper; a retry returns the first outcome."""
        paper = paper or self.paper_for(doc)
        if paper == "a4":
            if self.a4 is None or not doc.a4:
                raise NoPrinterError(f"{doc.kind} cannot go to A4 on this terminal")
            return self.a4.print(job_id, doc)
        if self.receipt is None:
            raise NoPrinterError("this terminal has no receipt printer")
        columns = self.receipt.columns
        return self.receipt.print_layout(job_id, doc.kind, to_receipt(doc, columns))
