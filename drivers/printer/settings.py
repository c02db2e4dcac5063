"""The receipt printer's `[devices.receipt_printer]` settings, checked with messages for the editor.

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

from dataclasses import dataclass, fields
from typing import Any

from drivers.printer.chinese import CHARSETS
from drivers.printer.layout import PrinterProfile
from drivers.printer.transport import TRANSPORTS, TransportSettings


class PrinterSettingsError(ValueError):
    """A settings mistake, naming the key and what is allowed."""


@dataclass(frozen=True)
class PrinterSettings:
    transport: TransportSettings
    profile: PrinterProfile
    confirm_timeout_s: float = 10.0
    wire: str = "pty"  # sim only: "pty" or "tcp"


_RANGES: dict[str, tuple[float, float]] = {
    "baudrate": (1200, 921600),
    "tcp_port": (0, 65535),
    "connect_timeout_s": (0.1, 60),
    "write_timeout_s": (0.1, 120),
    "read_timeout_s": (0.05, 10),
    "confirm_timeout_s": (0.5, 120),
    "usb_vendor": (0, 0xFFFF),
    "usb_product": (0, 0xFFFF),
}
_PROFILE_KEYS = {"charset", "paper_width_mm", "native_qr", "raster_only"}
_OWN_KEYS = {"confirm_timeout_s", "wire"}
_TRANSPORT_KEYS = {f.name for f in fields(TransportSettings)} - {"kind"} | {"transport"}


def parse(driver: str, raw: dict[str, Any]) -> PrinterSettings:
    allowed = _TRANSPORT_KEYS | _PROFILE_KEYS | _OWN_KEYS
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise PrinterSettingsError(
            f"unknown receipt printer setting(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )
    defaults = TransportSettings()
    transport_values: dict[str, Any] = {}
    for key in _TRANSPORT_KEYS - {"transport"}:
        if key in raw:
            transport_values[key] = _typed(key, raw[key], type(getattr(defaults, key)))
    kind = raw.get("transport", "serial")
    if kind not in TRANSPORTS:
        raise PrinterSettingsError(f"transport = {kind!r}: use one of {', '.join(TRANSPORTS)}")
    if driver == "escpos":
        needed = {"serial": "port", "network": "host", "usb": "usb_vendor", "win32raw": "printer_name", "file": "path"}
        if needed[kind] not in raw:
            raise PrinterSettingsError(f"transport = {kind!r} needs {needed[kind]} = ...")
    charset = raw.get("charset", "GB18030")
    if charset not in CHARSETS:
        raise PrinterSettingsError(f"charset = {charset!r}: use one of {', '.join(CHARSETS)}")
    width_mm = raw.get("paper_width_mm", 80)
    if width_mm not in (58, 80):
        raise PrinterSettingsError(f"paper_width_mm = {width_mm!r}: use 80 or 58")
    profile = PrinterProfile(
        charset=charset,
        width_dots=576 if width_mm == 80 else 384,
        columns=48 if width_mm == 80 else 32,
        native_qr=_typed("native_qr", raw.get("native_qr", True), bool),
        raster_only=_typed("raster_only", raw.get("raster_only", False), bool),
    )
    wire = raw.get("wire", "pty")
    if wire not in ("pty", "tcp"):
        raise PrinterSettingsError(f'wire = {wire!r}: use "pty" or "tcp"')
    return PrinterSettings(
        TransportSettings(kind=kind, **transport_values),
        profile,
        _typed("confirm_timeout_s", raw.get("confirm_timeout_s", 10.0), float),
        wire,
    )


def _typed(key: str, value: Any, kind: type) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PrinterSettingsError(f"{key} = {value!r}: expected {kind.__name__}")
    return _in_range(key, value)


def _in_range(key: str, value: Any) -> Any:
    if key in _RANGES:
        low, high = _RANGES[key]
        if not low <= value <= high:
            raise PrinterSettingsError(f"{key} = {value!r}: allowed from {low} to {high}")
    return value
