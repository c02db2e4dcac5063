"""A line scanner on a pseudo-terminal: `scan(text)` sends what a real scanner sends for a code."""

from __future__ import annotations

import tempfile
from pathlib import Path

from drivers.pty_link import PtyDevice, PtyLink
from drivers.scanner.serial_scanner import TERMINATORS, SerialScanner
from drivers.scanner.settings import LineSettings


class SimulatedScanner(PtyDevice):
    def __init__(self, link: Path, terminator: str = "cr") -> None:
        super().__init__(PtyLink(Path(link), name="scanner-sim"))
        self.terminator = TERMINATORS[terminator]

    def scan(self, payload: str) -> bool:
        """A code presented to the scanner; False when it is unplugged."""
        return self._cable.send(payload.encode("utf-8") + self.terminator)

    def send_raw(self, data: bytes) -> bool:
        """Line noise, half lines, anything."""
        return self._cable.send(data)


def build(device: str, settings: LineSettings) -> SerialScanner:
    """`driver = "sim"`: the real serial driver on a simulated scanner (the demo and tests)."""
    link = Path(tempfile.mkdtemp(prefix="kiosk-scanner-")) / "ttyScanner"
    scanner = SerialScanner(device, str(link), baudrate=9600, terminator=settings.terminator,
                            dedupe_window_s=settings.dedupe_window_s)
    scanner.simulator = SimulatedScanner(link, settings.terminator).start()
    return scanner
