"""The receipt printer contract, run against the simulator always and a real printer on demand.

For a real printer set KIOSK_HW_RECEIPT_PRINTER to its settings as JSON, e.g.
'{"transport": "serial", "port": "/dev/ttyUSB0", "baudrate": 9600, "charset": "GBK"}',
load paper, close the cover and run `pytest -m hardware tests/printing/test_contract.py`.
"""

from __future__ import annotations

import json
import os
import uuid

import pytest

from drivers.printer.device import DeviceState, ReceiptPrinterDevice
from drivers.printer.jobs import JobLedger, JobState
from kiosk.documents.receipt import to_receipt
from kiosk.documents.samples import samples

HW = os.environ.get("KIOSK_HW_RECEIPT_PRINTER")
TARGETS = [
    pytest.param(("sim", {}), id="sim"),
    pytest.param(
        ("escpos", json.loads(HW) if HW else {}),
        id="hardware",
        marks=[pytest.mark.hardware, pytest.mark.skipif(not HW, reason="KIOSK_HW_RECEIPT_PRINTER not set")],
    ),
]


@pytest.fixture(params=TARGETS)
def device(request):
    driver, settings = request.param
    dev = ReceiptPrinterDevice("receipt_printer", driver, settings, JobLedger())
    yield dev
    dev.close()


def test_online_with_known_status(device):
    assert device.refresh() is DeviceState.ONLINE
    fields = device.fields()
    assert fields["paper"] in ("full", "low") and fields["cover"] == "closed"


def test_prints_a_certificate_once(device):
    device.refresh()
    doc = samples()["tax_certificate"]
    job = f"contract-{uuid.uuid4()}"
    first = device.print_layout(job, doc.kind, to_receipt(doc, device.columns))
    assert first.state is JobState.PRINTED and first.printed_now
    again = device.print_layout(job, doc.kind, to_receipt(doc, device.columns))
    assert again.state is JobState.PRINTED and not again.printed_now
    if device.sim is not None:
        assert len(device.sim.receipts()) == 1
