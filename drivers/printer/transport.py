"""python-escpos transports with explicit timeouts on every read and write.

python-escpos waits forever by default (USB timeout 0, network 60 s, serial with no write
timeout). Each transport here sets its own limits and raises `TransportTimeout` when the
printer stops taking data, which is how a paper-out or jammed printer looks from the host.
Only serial, network and USB can read status; the others report `can_read = False`.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from escpos import printer as escpos_printer

TRANSPORTS = ("serial", "network", "usb", "win32raw", "file")


class TransportError(OSError):
    """The printer could not be reached or the link broke."""


class TransportTimeout(TransportError):
    """The printer did not take the data within the write timeout."""


@dataclass(frozen=True)
class TransportSettings:
    kind: str = "serial"
    port: str = ""  # serial device
    baudrate: int = 9600
    host: str = "127.0.0.1"
    tcp_port: int = 9100
    usb_vendor: int = 0
    usb_product: int = 0
    printer_name: str = ""  # Windows spooler
    path: str = ""  # device file such as /dev/usb/lp0
    connect_timeout_s: float = 3.0
    write_timeout_s: float = 5.0
    read_timeout_s: float = 0.5


class Transport:
    """One open link to the printer; `write` and `read` never wait longer than asked."""

    can_read = True

    def __init__(self, settings: TransportSettings) -> None:
        self.settings = settings
        self._printer: Any = None

    def describe(self) -> str:
        return self.settings.kind

    def open(self) -> None:
        try:
            self._printer = self._make()
            self._printer.open(raise_not_found=True)
        except Exception as exc:  # python-escpos raises its own types and OSErrors
            self._printer = None
            raise TransportError(f"cannot open {self.describe()}: {exc}") from exc

    def close(self) -> None:
        if self._printer is not None:
            with contextlib.suppress(Exception):
                self._printer.close()
            self._printer = None

    @property
    def is_open(self) -> bool:
        return self._printer is not None

    def write(self, data: bytes, timeout_s: float | None = None) -> None:
        if self._printer is None:
            raise TransportError("printer link is not open")
        self._write(data, self.settings.write_timeout_s if timeout_s is None else timeout_s)

    def read(self, n: int, timeout_s: float | None = None) -> bytes:
        """Up to n bytes; b"" when nothing came within the timeout."""
        if not self.can_read or self._printer is None:
            return b""
        return self._read(n, self.settings.read_timeout_s if timeout_s is None else timeout_s)

    def discard_input(self) -> None:
        """Drops stale replies so the next read answers the next request."""
        while self.can_read and self._printer is not None and self._read(64, 0.0):
            pass

    def _make(self) -> Any:
        raise NotImplementedError

    def _write(self, data: bytes, timeout_s: float) -> None:
        raise NotImplementedError

    def _read(self, n: int, timeout_s: float) -> bytes:
        raise NotImplementedError


class SerialTransport(Transport):
    def describe(self) -> str:
        return f"serial {self.settings.port} at {self.settings.baudrate} baud"

    def _make(self) -> Any:
        s = self.settings
        return escpos_printer.Serial(devfile=s.port, baudrate=s.baudrate, timeout=s.read_timeout_s, dsrdtr=False)

    def _write(self, data: bytes, timeout_s: float) -> None:
        import serial

        dev = self._printer.device
        dev.write_timeout = timeout_s
        try:
            self._printer._raw(data)
            dev.flush()
        except serial.SerialTimeoutException as exc:
            raise TransportTimeout(f"printer took no data for {timeout_s:g} s") from exc
        except (serial.SerialException, OSError) as exc:
            raise TransportError(str(exc)) from exc

    def _read(self, n: int, timeout_s: float) -> bytes:
        import serial

        dev = self._printer.device
        dev.timeout = timeout_s
        try:
            return bytes(dev.read(n))
        except (serial.SerialException, OSError) as exc:
            raise TransportError(str(exc)) from exc


class NetworkTransport(Transport):
    def describe(self) -> str:
        return f"network {self.settings.host}:{self.settings.tcp_port}"

    def _make(self) -> Any:
        s = self.settings
        return escpos_printer.Network(host=s.host, port=s.tcp_port, timeout=s.connect_timeout_s)

    def _write(self, data: bytes, timeout_s: float) -> None:
        sock: socket.socket = self._printer.device
        sock.settimeout(timeout_s)
        try:
            self._printer._raw(data)
        except TimeoutError as exc:
            raise TransportTimeout(f"printer took no data for {timeout_s:g} s") from exc
        except OSError as exc:
            raise TransportError(str(exc)) from exc

    def _read(self, n: int, timeout_s: float) -> bytes:
        sock: socket.socket = self._printer.device
        sock.settimeout(timeout_s) if timeout_s > 0 else sock.setblocking(False)
        try:
            data = sock.recv(n)
        except (TimeoutError, BlockingIOError):
            return b""
        except OSError as exc:
            raise TransportError(str(exc)) from exc
        if not data:
            raise TransportError("printer closed the connection")
        return data


class UsbTransport(Transport):
    def describe(self) -> str:
        return f"usb {self.settings.usb_vendor:04x}:{self.settings.usb_product:04x}"

    def _make(self) -> Any:
        s = self.settings
        return escpos_printer.Usb(s.usb_vendor, s.usb_product, timeout=int(s.write_timeout_s * 1000))

    def _write(self, data: bytes, timeout_s: float) -> None:
        import usb.core

        try:
            self._printer.device.write(self._printer.out_ep, data, int(timeout_s * 1000))
        except usb.core.USBTimeoutError as exc:
            raise TransportTimeout(f"printer took no data for {timeout_s:g} s") from exc
        except usb.core.USBError as exc:
            raise TransportError(str(exc)) from exc

    def _read(self, n: int, timeout_s: float) -> bytes:
        import usb.core

        try:
            return bytes(self._printer.device.read(self._printer.in_ep, n, max(int(timeout_s * 1000), 1)))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise TransportError(str(exc)) from exc


class _WriteOnlyTransport(Transport):
    """Spooler and device-file links: no status, and a write that may block in the OS.

    The write runs on a helper thread joined with the timeout; a link that timed out is
    closed and must be reopened, since the blocked call cannot be interrupted.
    """

    can_read = False

    def _write(self, data: bytes, timeout_s: float) -> None:
        _bounded(lambda: self._printer._raw(data), timeout_s)

    def _read(self, n: int, timeout_s: float) -> bytes:
        return b""


class Win32RawTransport(_WriteOnlyTransport):
    def describe(self) -> str:
        return f"windows printer {self.settings.printer_name!r}"

    def _make(self) -> Any:
        return escpos_printer.Win32Raw(printer_name=self.settings.printer_name)


class FileTransport(_WriteOnlyTransport):
    def describe(self) -> str:
        return f"device file {self.settings.path}"

    def _make(self) -> Any:
        return escpos_printer.File(devfile=self.settings.path)


def _bounded(fn: Callable[[], None], timeout_s: float) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            errors.append(exc)

    worker = threading.Thread(target=run, name="printer-write", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        raise TransportTimeout(f"printer took no data for {timeout_s:g} s")
    if errors:
        raise TransportError(str(errors[0])) from errors[0]


_KINDS: dict[str, type[Transport]] = {
    "serial": SerialTransport,
    "network": NetworkTransport,
    "usb": UsbTransport,
    "win32raw": Win32RawTransport,
    "file": FileTransport,
}


def make_transport(settings: TransportSettings) -> Transport:
    try:
        return _KINDS[settings.kind](settings)
    except KeyError:
        raise ValueError(f"unknown printer transport {settings.kind!r}; use one of {', '.join(TRANSPORTS)}") from None
