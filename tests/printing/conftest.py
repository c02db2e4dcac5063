"""Simulated printers on a pseudo-terminal and on loopback TCP, driven by the real driver code."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from drivers.printer.jobs import JobLedger
from drivers.printer.layout import PrinterProfile
from drivers.printer.printer import ReceiptPrinter
from drivers.printer.sim import PtyWire, SimulatedPrinter, TcpWire
from drivers.printer.transport import TransportSettings, make_transport


@dataclass
class Rig:
    sim: SimulatedPrinter
    printer: ReceiptPrinter
    ledger: JobLedger


def make_rig(
    kind: str, profile: PrinterProfile | None = None, ledger_path: str = ":memory:", baudrate: int = 115200
) -> tuple[Rig, object]:
    profile = profile or PrinterProfile()
    sim = SimulatedPrinter(charset=profile.charset)
    wire: PtyWire | TcpWire = PtyWire(sim) if kind == "serial" else TcpWire(sim, port=0)
    wire.start()
    settings = TransportSettings(
        kind=kind,
        port=str(wire.port) if kind == "serial" else "",
        tcp_port=int(wire.port) if kind == "network" else 9100,
        baudrate=baudrate,
        write_timeout_s=1.0,
        read_timeout_s=0.3,
    )
    ledger = JobLedger(ledger_path)
    printer = ReceiptPrinter(make_transport(settings), profile, ledger, confirm_timeout_s=1.0)
    printer.open()
    return Rig(sim, printer, ledger), wire


@pytest.fixture(params=["serial", "network"])
def rig(request: pytest.FixtureRequest) -> Iterator[Rig]:
    r, wire = make_rig(request.param)
    yield r
    r.printer.close()
    wire.close()  # type: ignore[attr-defined]
    r.ledger.close()


@pytest.fixture
def serial_rig() -> Iterator[Rig]:
    # 921600 baud: a pty has no real speed, and the driver adds the wire time to write timeouts
    r, wire = make_rig("serial", baudrate=921600)
    yield r
    r.printer.close()
    wire.close()  # type: ignore[attr-defined]
    r.ledger.close()


@pytest.fixture
def decode_qr():
    return _decode_qr


def _decode_qr(image: object) -> list[str]:
    """QR payloads zxing-cpp finds in a PIL image (as a checker's phone would read them)."""
    import numpy as np
    import zxingcpp
    from PIL import Image

    assert isinstance(image, Image.Image)
    gray = np.asarray(image.convert("L"))
    return [
        r.text for r in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    ]
