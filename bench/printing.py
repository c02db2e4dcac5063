"""Printing benchmark: receipt bytes and wire time per document, A4 PDF render time.

For every document: the ESC/POS job in text mode (GB18030 text, printer's own QR) and in raster
mode (every line drawn with the bundled font, QR as an image), its size, and its time on a
serial wire at 9600 and 115200 baud (8N1: 10 bits a byte; the print head adds 0.5-0.9 s).
`sim job` is the median time of a whole text-mode job through the real driver to the simulated
printer on a pseudo-terminal (status before, bytes, in-order confirmation, status after).
Then the median time to lay out and write each A4 PDF.
Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/printing.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drivers.printer.jobs import JobLedger  # noqa: E402
from drivers.printer.layout import PrinterProfile, encode  # noqa: E402
from drivers.printer.printer import ReceiptPrinter  # noqa: E402
from drivers.printer.sim import PtyWire, SimulatedPrinter  # noqa: E402
from drivers.printer.transport import TransportSettings, make_transport  # noqa: E402
from kiosk.documents.receipt import to_receipt  # noqa: E402
from kiosk.documents.samples import samples  # noqa: E402


def wire_s(n: int, baud: int) -> float:
    return n * 10 / baud


def sim_job_ms(layout: object, runs: int) -> float:
    sim = SimulatedPrinter()
    wire = PtyWire(sim)
    wire.start()
    printer = ReceiptPrinter(
        make_transport(TransportSettings(kind="serial", port=wire.port, baudrate=115200)),
        PrinterProfile(), JobLedger(), confirm_timeout_s=5,
    )
    printer.open()
    times = []
    try:
        for i in range(runs):
            t = time.perf_counter()
            printer.print_layout(f"bench-{i}", "bench", layout)  # type: ignore[arg-type]
            times.append(time.perf_counter() - t)
    finally:
        printer.close()
        wire.close()
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    docs = samples()
    print("| document | mode | bytes | 9600 baud | 115200 baud | sim job |")
    print("|---|---|---:|---:|---:|---:|")
    for kind, doc in docs.items():
        layout = to_receipt(doc)
        for mode, profile in (("text", PrinterProfile()), ("raster", PrinterProfile(raster_only=True))):
            n = len(encode(layout, profile))
            job = f"{sim_job_ms(layout, args.runs):.0f} ms" if mode == "text" else ""
            print(f"| {kind} | {mode} | {n:,} | {wire_s(n, 9600):.2f} s | {wire_s(n, 115200):.3f} s | {job} |")

    from PySide6.QtGui import QGuiApplication

    from kiosk.documents.a4 import write_pdf

    app = QGuiApplication.instance() or QGuiApplication([])
    print()
    print("| A4 document | pages | PDF bytes | render median |")
    print("|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, doc in docs.items():
            if not doc.a4:
                continue
            path = Path(tmp) / f"{kind}.pdf"
            times = []
            pages = 0
            for _ in range(args.runs):
                t = time.perf_counter()
                pages = write_pdf(doc, path)
                times.append(time.perf_counter() - t)
            print(f"| {kind} | {pages} | {path.stat().st_size:,} | {statistics.median(times) * 1000:.1f} ms |")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
