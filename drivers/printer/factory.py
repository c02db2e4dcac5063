"""Builds the receipt printer a device config names: a real ESC/POS link or the simulator.

With `driver = "sim"` a `SimulatedPrinter` is started on a pseudo-terminal (or a loopback TCP
port) and the ordinary serial (or network) transport is pointed at it, so a demo runs the same
driver code as a hall terminal.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from drivers.printer.jobs import JobLedger
from drivers.printer.printer import ReceiptPrinter
from drivers.printer.settings import PrinterSettingsError, parse
from drivers.printer.sim import PtyWire, SimulatedPrinter, TcpWire
from drivers.printer.transport import make_transport

DRIVERS = ("escpos", "sim")


@dataclass
class BuiltPrinter:
    printer: ReceiptPrinter
    sim: SimulatedPrinter | None = None
    wire: PtyWire | TcpWire | None = None

    def close(self) -> None:
        self.printer.close()
        if self.wire is not None:
            self.wire.close()


def build(driver: str, raw_settings: dict[str, Any], ledger: JobLedger) -> BuiltPrinter:
    if driver not in DRIVERS:
        raise PrinterSettingsError(f"receipt printer driver {driver!r}: use one of {', '.join(DRIVERS)}")
    settings = parse(driver, raw_settings)
    transport = settings.transport
    sim: SimulatedPrinter | None = None
    wire: PtyWire | TcpWire | None = None
    if driver == "sim":
        sim = SimulatedPrinter(charset=settings.profile.charset)
        if settings.wire == "tcp":
            tcp = TcpWire(sim, port=transport.tcp_port if "tcp_port" in raw_settings else 0)
            tcp.start()
            wire, transport = tcp, dataclasses.replace(transport, kind="network", host="127.0.0.1", tcp_port=tcp.port)
        else:
            pty = PtyWire(sim)
            pty.start()
            wire, transport = pty, dataclasses.replace(transport, kind="serial", port=pty.port)
    printer = ReceiptPrinter(
        make_transport(transport), settings.profile, ledger, confirm_timeout_s=settings.confirm_timeout_s
    )
    return BuiltPrinter(printer, sim, wire)
