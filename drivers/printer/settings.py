"""The receipt printer's `[devices.receipt_printer]` settings, a strict model checked at load.

driver = "escpos"            # or "sim": the simulator, on a pty (wire = "pty") or TCP (wire = "tcp")
transport = "serial"         # serial | network | usb | win32raw | file
port = "/dev/ttyUSB0"        # serial;  host/tcp_port for network; usb_vendor/usb_product;
baudrate = 9600              # printer_name (Windows spooler); path (device file)
charset = "GB18030"          # GB18030 | GBK | GB2312: the printer's built-in Chinese font
paper_width_mm = 80          # 80 or 58
native_qr = true             # false for printers without GS ( k (POS-5890, ZJ-5870 class)
raster_only = false          # true for printers without a Chinese font
write_timeout_s = 5.0        # plus the wire time of the job on serial
read_timeout_s = 0.5         # per status reply
confirm_timeout_s = 10.0     # for the printer to confirm a job came out
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Self

from pydantic import Field, model_validator

from drivers.printer.chinese import Charset
from drivers.registry import REGISTRY, DriverSpec
from drivers.settings import Strict

if TYPE_CHECKING:  # the printer code (PIL, python-escpos) loads when a printer is built, not at config check
    from drivers.printer.layout import PrinterProfile
    from drivers.printer.transport import TransportSettings


@dataclass(frozen=True)
class PrinterSettings:
    transport: TransportSettings
    profile: PrinterProfile
    confirm_timeout_s: float = 10.0
    wire: str = "pty"  # sim only: "pty" or "tcp"


class ReceiptPrinterConfig(Strict):
    """`driver = "sim"`: the simulator; the transport keys point the real driver code at it."""

    transport: Literal["serial", "network", "usb", "win32raw", "file"] = "serial"
    port: str = ""
    baudrate: int = Field(9600, ge=1200, le=921600)
    host: str = "127.0.0.1"
    tcp_port: int = Field(9100, ge=0, le=65535)
    usb_vendor: int = Field(0, ge=0, le=0xFFFF)
    usb_product: int = Field(0, ge=0, le=0xFFFF)
    printer_name: str = ""
    path: str = ""
    connect_timeout_s: float = Field(3.0, ge=0.1, le=60)
    write_timeout_s: float = Field(5.0, ge=0.1, le=120)
    read_timeout_s: float = Field(0.5, ge=0.05, le=10)
    charset: Charset = "GB18030"
    paper_width_mm: Literal[80, 58] = 80
    native_qr: bool = True
    raster_only: bool = False
    confirm_timeout_s: float = Field(10.0, ge=0.5, le=120)
    wire: Literal["pty", "tcp"] = "pty"

    def resolve(self) -> PrinterSettings:
        """The transport and profile the printer code takes."""
        from drivers.printer.layout import PrinterProfile
        from drivers.printer.transport import TransportSettings

        wide = self.paper_width_mm == 80
        profile = PrinterProfile(charset=self.charset, width_dots=576 if wide else 384, columns=48 if wide else 32,
                                 native_qr=self.native_qr, raster_only=self.raster_only)
        link = self.model_dump(exclude={"transport", "charset", "paper_width_mm", "native_qr", "raster_only",
                                        "confirm_timeout_s", "wire"})
        return PrinterSettings(TransportSettings(kind=self.transport, **link), profile, self.confirm_timeout_s,
                               self.wire)


_ADDRESS = {"serial": "port", "network": "host", "usb": "usb_vendor", "win32raw": "printer_name", "file": "path"}


class EscposPrinterConfig(ReceiptPrinterConfig):
    """`driver = "escpos"`: a real printer, so the transport needs its address."""

    @model_validator(mode="after")
    def _has_address(self) -> Self:
        key = _ADDRESS[self.transport]
        if key not in self.model_fields_set:
            raise ValueError(f"transport = {self.transport!r} needs {key} = ...")
        return self


def _settings(device: str, settings: ReceiptPrinterConfig) -> ReceiptPrinterConfig:
    return settings  # the printer device is built from its checked settings (drivers/printer/factory.py)


REGISTRY.register(DriverSpec("receipt_printer", "escpos", _settings, EscposPrinterConfig))
REGISTRY.register(DriverSpec("receipt_printer", "sim", _settings, ReceiptPrinterConfig))
