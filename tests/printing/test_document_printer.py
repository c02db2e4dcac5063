"""A service's print step: the right paper, once per job id."""

from __future__ import annotations

import pytest

from drivers.printer.device import ReceiptPrinterDevice
from drivers.printer.jobs import JobLedger, JobState
from drivers.printer.parser import printed_lines
from kiosk.documents.a4_output import A4Output
from kiosk.documents.archive import SealedArchive
from kiosk.documents.printing import DocumentPrinter, NoPrinterError
from kiosk.documents.samples import samples


@pytest.fixture
def printers(tmp_path):
    receipt = ReceiptPrinterDevice("receipt_printer", "sim", {"paper_width_mm": 58}, JobLedger())
    a4 = A4Output(SealedArchive(tmp_path / "archive", bytes(32)), "", JobLedger())
    yield DocumentPrinter(receipt, a4), receipt, tmp_path / "archive"
    receipt.close()


def test_certificate_goes_to_a4_once_and_ticket_to_the_roll(qapp, printers):
    dp, receipt, archive = printers
    docs = samples()
    first = dp.print("c1", docs["tax_certificate"])
    assert first.state is JobState.SENT and (archive / "c1.pdf.sealed").exists()
    assert dp.print("c1", docs["tax_certificate"]).printed_now is False
    ticket = dp.print("t1", docs["queue_ticket"])
    assert ticket.state is JobState.PRINTED
    [slip] = receipt.sim.receipts()
    lines = printed_lines(slip)
    assert "A023" in lines and all(len(line.encode("gbk")) <= 32 for line in lines)  # 58 mm: 32 columns


def test_a4_only_for_documents_that_have_it(printers):
    dp, _, _ = printers
    with pytest.raises(NoPrinterError):
        dp.print("t2", samples()["queue_ticket"], "a4")
    with pytest.raises(NoPrinterError, match="no receipt printer"):
        DocumentPrinter(None, None).print("t3", samples()["queue_ticket"])


def test_a4_config(tmp_path):
    from kiosk.documents.a4_output import a4_from_config

    sim = a4_from_config("sim", {}, tmp_path, JobLedger())
    assert sim.printer_name == "" and sim.archive.folder == tmp_path / "archive"
    qt = a4_from_config("qt", {"printer": "HallA4"}, tmp_path, JobLedger())
    assert qt.printer_name == "HallA4"
    with pytest.raises(ValueError, match=r"driver 'qt' needs the setting printer"):
        a4_from_config("qt", {}, tmp_path, JobLedger())
    with pytest.raises(ValueError, match=r"\[devices.a4_printer\] unknown setting 'colour'"):
        a4_from_config("sim", {"colour": True}, tmp_path, JobLedger())
