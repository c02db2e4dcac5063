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
from drivers.printer.settings import ReceiptPrinterConfig
from drivers.printer.sim import PtyWire, SimulatedPrinter, TcpWire
from drivers.printer.transport import make_transport
from drivers.registry import REGISTRY, DriverConfigError


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
    """Raises `DriverConfigError` naming the setting that is wrong."""
    _spec, checked = REGISTRY.check("receipt_printer", driver, raw_settings)
    if not isinstance(checked, ReceiptPrinterConfig):
        raise DriverConfigError(f"[devices.receipt_printer] driver {driver!r} is not a receipt printer driver")
    settings = checked.resolve()
    transport = settings.transport
    sim: SimulatedPrinter | None = None
    wire: PtyWire | TcpWire | None = None
    if driver == "sim":
        sim = SimulatedPrinter(charset=settings.profile.charset)
        if settings.wire == "tcp":
            tcp = TcpWire(sim, port=transport.tcp_port if "tcp_port" in checked.model_fields_set else 0)
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
