"""Printing from the command line, for remote support and demos.

kiosk printer status            status of the configured receipt printer
kiosk printer test [--document KIND] [--job-id ID]
kiosk printer reprint JOB_ID    reprint an incomplete job, once
kiosk printer jobs              incomplete jobs that can still be reprinted
kiosk printer sim [--tcp-port 9100] [--out DIR]   a simulated printer others can print to
kiosk printer a4 [--document KIND] --pdf PATH [--printer NAME]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import cli_archive
from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.input_limits import MAX_ID_CHARS, bounded_int, short_text

if TYPE_CHECKING:
    from drivers.printer.factory import BuiltPrinter


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    printer = sub.add_parser("printer", help="receipt and A4 printing: status, test, reprint, simulator")
    psub = printer.add_subparsers(dest="printer_command", required=True)

    def with_config(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--config", type=Path, help="TOML config file (default: /etc/tax-kiosk/kiosk.toml)")
        return p

    with_config(psub.add_parser("status", help="read the receipt printer's status")).set_defaults(func=cmd_status)
    test = with_config(psub.add_parser("test", help="print a sample document on the receipt printer"))
    test.add_argument("--document", type=short_text(64), default="tax_certificate",
                      help="document kind (default tax_certificate)")
    test.add_argument("--job-id", type=short_text(MAX_ID_CHARS),
                      help="job id (default: a new one); the same id never prints twice")
    test.set_defaults(func=cmd_test)
    reprint = with_config(psub.add_parser("reprint", help="reprint an incomplete job once"))
    reprint.add_argument("job_id", type=short_text(MAX_ID_CHARS))
    reprint.set_defaults(func=cmd_reprint)
    with_config(psub.add_parser("jobs", help="list incomplete jobs")).set_defaults(func=cmd_jobs)
    sim = psub.add_parser("sim", help="run a simulated ESC/POS printer on a TCP port or a pty")
    sim.add_argument("--tcp-port", type=bounded_int(1, 65535), default=9100, help="loopback TCP port (default 9100)")
    sim.add_argument("--pty", action="store_true", help="listen on a pseudo-terminal instead")
    sim.add_argument("--out", type=Path, help="write each received receipt here as PNG and text")
    sim.set_defaults(func=cmd_sim)
    a4 = psub.add_parser("a4", help="render a sample A4 document to PDF (and a system printer)")
    a4.add_argument("--document", type=short_text(64), default="tax_certificate")
    a4.add_argument("--pdf", type=Path, required=True)
    a4.add_argument("--printer", type=short_text(), default="", help="system printer name (CUPS / Windows)")
    a4.set_defaults(func=cmd_a4)
    cli_archive.register(psub)


def _config(path: Path | None) -> KioskConfig | None:
    try:
        return load_config(path)
    except ConfigError as exc:
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        return None


def _open(args: argparse.Namespace) -> BuiltPrinter | None:
    from drivers.printer.factory import build
    from drivers.printer.jobs import JobLedger
    from drivers.registry import DriverConfigError
    from offline_queue.cipher import KeyFileError, load_or_create_key

    config = _config(args.config)
    if config is None:
        return None
    device = config.devices.get("receipt_printer")
    if device is None:
        print("kiosk: no [devices.receipt_printer] in the config", file=sys.stderr)
        return None
    data = config.paths.data()
    data.mkdir(parents=True, exist_ok=True)
    try:
        key = load_or_create_key(data / "print_jobs.key")
        built = build(device.driver, device.settings, JobLedger(str(data / "print_jobs.sqlite"), key))
    except (DriverConfigError, KeyFileError) as exc:
        print(f"kiosk: receipt printer: {exc}", file=sys.stderr)
        return None
    return built


def cmd_status(args: argparse.Namespace) -> int:
    from drivers.printer.transport import TransportError

    built = _open(args)
    if built is None:
        return 2
    try:
        built.printer.open()
    except TransportError as exc:
        print(json.dumps({"state": "no_device", "error": str(exc)}, ensure_ascii=False))
        return 1
    status = built.printer.read_status()
    print(json.dumps(status.fields(), ensure_ascii=False))
    built.close()
    return 0 if status.known else 1


def cmd_test(args: argparse.Namespace) -> int:
    from kiosk.documents.receipt import to_receipt
    from kiosk.documents.samples import samples

    docs = samples()
    if args.document not in docs:
        print(f"kiosk: unknown document {args.document!r}; one of {', '.join(docs)}", file=sys.stderr)
        return 2
    built = _open(args)
    if built is None:
        return 2
    doc = docs[args.document]
    layout = to_receipt(doc, built.printer.profile.columns)
    outcome = built.printer.print_layout(args.job_id or f"test-{uuid.uuid4()}", doc.kind, layout)
    print(f"{outcome.job_id}: {outcome.state.value} — {outcome.message}")
    for warning in outcome.warnings:
        print(f"warning: {warning}")
    built.close()
    return 0 if outcome.state.value in ("printed", "sent") else 1


def cmd_reprint(args: argparse.Namespace) -> int:
    built = _open(args)
    if built is None:
        return 2
    outcome = built.printer.reprint(args.job_id)
    print(f"{outcome.job_id}: {outcome.state.value} — {outcome.message}")
    built.close()
    return 0 if outcome.printed_now and outcome.state.value == "printed" else 1


def cmd_jobs(args: argparse.Namespace) -> int:
    built = _open(args)
    if built is None:
        return 2
    for job in built.printer.ledger.incomplete():
        print(f"{job.job_id}\t{job.kind}\t{job.reason}")
    built.close()
    return 0


def cmd_sim(args: argparse.Namespace) -> int:
    from drivers.printer.parser import printed_lines
    from drivers.printer.preview import render
    from drivers.printer.sim import PtyWire, SimulatedPrinter, TcpWire

    sim = SimulatedPrinter()
    wire: PtyWire | TcpWire = PtyWire(sim) if args.pty else TcpWire(sim, port=args.tcp_port)
    wire.start()
    print(f"simulated printer on {wire.port}" if args.pty else f"simulated printer on 127.0.0.1:{wire.port}")
    sys.stdout.flush()
    seen = 0
    try:
        while True:
            time.sleep(0.2)
            receipts = sim.receipts()
            for n, receipt in enumerate(receipts[seen:], start=seen + 1):
                text = "\n".join(printed_lines(receipt))
                print(f"--- receipt {n} ---\n{text}")
                if args.out:
                    args.out.mkdir(parents=True, exist_ok=True)
                    render(receipt).save(args.out / f"receipt-{n:04d}.png")
                    (args.out / f"receipt-{n:04d}.txt").write_text(text, encoding="utf-8")
            seen = len(receipts)
    except KeyboardInterrupt:
        return 0
    finally:
        wire.close()


def cmd_a4(args: argparse.Namespace) -> int:
    from PySide6.QtGui import QGuiApplication

    from kiosk.documents.a4 import A4PrintError, print_document, write_pdf
    from kiosk.documents.samples import samples

    docs = samples()
    doc = docs.get(args.document)
    if doc is None or not doc.a4:
        print(
            f"kiosk: {args.document!r} has no A4 layout; one of {', '.join(k for k, d in docs.items() if d.a4)}",
            file=sys.stderr,
        )
        return 2
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    pages = write_pdf(doc, args.pdf)
    print(f"{args.pdf}: {pages} page(s)")
    if args.printer:
        try:
            print_document(doc, args.printer)
        except A4PrintError as exc:
            print(f"kiosk: {exc}", file=sys.stderr)
            return 1
        print(f"sent to {args.printer}")
    del app
    return 0
