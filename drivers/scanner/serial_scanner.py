"""A line scanner on a serial port (or a USB scanner in virtual-COM mode): one payload per line.

The scanner sends each decoded code followed by a configurable terminator (CR by default). A
scanner is silent when nobody scans, so silence is not a fault; a lost link shows up as a read
error and the supervisor reconnects. Bytes that are not a clean line (line noise, a half line
from before a replug, an endless line without terminator) are dropped and logged, never passed
on as a payload.
"""

from __future__ import annotations

import logging
from typing import Any

import serial

from drivers.base import CommandChannel, Completion, Deadline, DeviceNotReady, DeviceState, StatusCache
from drivers.scanner.dedupe import DEFAULT_WINDOW_S, Deduper
from drivers.scanner.settings import SerialScannerSettings
from drivers.serial_link import LINK_ERRORS, close_quietly

log = logging.getLogger(__name__)

STATUS_FIELDS = ("link",)
TERMINATORS = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n", "tab": b"\t"}


class SerialScanner:
    def __init__(self, device: str, port: str, *, baudrate: int = 9600, terminator: str = "cr",
                 max_length: int = 4096, dedupe_window_s: float = DEFAULT_WINDOW_S) -> None:
        if terminator not in TERMINATORS:
            raise ValueError(f"terminator must be one of {sorted(TERMINATORS)}")
        self.device = device
        self.port = port
        self.baudrate = baudrate
        self.terminator = TERMINATORS[terminator]
        self.max_length = max_length
        self.status = StatusCache(device, STATUS_FIELDS)
        self.channel = CommandChannel(device)
        self.deduper = Deduper(dedupe_window_s)
        self._serial: serial.Serial | None = None
        self._buf = bytearray()
        self._overlong = False  # the buffer overflowed: what comes up to the next terminator is its tail
        self._lines: list[str] = []
        self.simulator: Any = None  # the simulated scanner behind the port, with driver = "sim"

    def open(self) -> None:
        try:
            self._serial = serial.Serial(self.port, self.baudrate, timeout=0)
        except LINK_ERRORS as exc:
            self._serial = None
            self.status.update(DeviceState.NO_DEVICE, link="absent")
            raise DeviceNotReady(f"{self.port}: {exc}", "no_scanner") from None
        self._buf.clear()  # a half line from before the link came up is not a payload
        self._overlong = False
        self.status.update(DeviceState.ONLINE, link="ok")

    def close(self) -> None:
        close_quietly(self._serial)
        self._serial = None

    def poll(self, timeout_s: float = 0.25) -> Completion[str | None]:
        """Wait up to `timeout_s` for the next new payload; value None when nothing was scanned."""
        return self.channel.run("read scan", self._poll, timeout_s + 0.5)

    def _poll(self, deadline: Deadline) -> str | None:
        while True:
            while self._lines:
                payload = self._lines.pop(0)
                if self.deduper.fresh(payload):
                    log.info("code scanned (%d characters)", len(payload))  # never the payload: it may be personal
                    return payload
            left = deadline.remaining() - 0.5
            if left <= 0:
                return None
            self._read(min(left, 0.05))

    def _read(self, wait_s: float) -> None:
        port = self._serial
        if port is None:
            raise DeviceNotReady("the scanner is not connected", "no_scanner")
        try:
            port.timeout = wait_s
            chunk = port.read(max(1, port.in_waiting))
        except LINK_ERRORS as exc:
            self.close()
            self.status.update(DeviceState.NO_DEVICE, link="absent")
            raise DeviceNotReady(f"scanner link lost ({exc})", "no_scanner") from None
        self._buf += chunk
        while (end := self._buf.find(self.terminator)) >= 0:
            line = bytes(self._buf[:end])
            del self._buf[: end + len(self.terminator)]
            if self._overlong:  # the end of a line already dropped, not a code of its own
                self._overlong = False
                continue
            self._take(line)
        if len(self._buf) > self.max_length:
            log.warning("scanner sent %d bytes without a terminator; dropped", len(self._buf))
            self._buf.clear()
            self._overlong = True

    def _take(self, line: bytes) -> None:
        line = line.strip(b"\r\n\x00")
        if not line:
            return
        if len(line) > self.max_length:
            log.warning("scanner sent a line of %d bytes; dropped", len(line))
            return
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            log.warning("scanner sent %d bytes that are not text; dropped", len(line))
            return
        if not text.isprintable():
            log.warning("scanner sent a line with control characters; dropped")
            return
        self._lines.append(text)


def build(device: str, settings: SerialScannerSettings) -> SerialScanner:
    return SerialScanner(device, settings.port, baudrate=settings.baudrate, terminator=settings.terminator,
                         dedupe_window_s=settings.dedupe_window_s)
