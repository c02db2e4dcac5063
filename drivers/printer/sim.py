"""A simulated ESC/POS receipt printer on a pseudo-terminal or a loopback TCP port.

It stands where the real printer would, so the real driver code (transport, timeouts, status
reads) is what tests exercise. Every received byte goes through `EscPosParser`; real-time
status requests (DLE EOT) are answered at once, everything else queues in a bounded receive
buffer and "prints" only while the printer is online with paper and the cover closed. When the
buffer is full the simulator stops reading, so the host's writes block as on a real printer.

Faults: `paper_low()`, `paper_out()`, `paper_out_after(lines)` (mid-job), `open_cover()`,
`cover_open_after(lines)`, `stall()`
(stops reading and answering), `silence()` (prints but never answers status), `delay(s)`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import selectors
import socket
import threading
import time
import tty
from dataclasses import dataclass, field

from drivers.printer import status as st
from drivers.printer.chinese import Charset
from drivers.printer.commands import CLEAR_BUFFERS_REPLY
from drivers.printer.parser import (
    ClearBuffers,
    Cut,
    EscPosParser,
    Event,
    PrintedImage,
    PrintedText,
    StatusRequest,
    Unknown,
)

log = logging.getLogger(__name__)


@dataclass
class _Queued:
    event: Event
    size: int


@dataclass
class SimulatedPrinter:
    """The printer's mechanism and firmware; a wire (`PtyWire`, `TcpWire`) feeds it bytes."""

    charset: Charset = "GB18030"
    buffer_size: int = 4096
    paper: st.Paper = st.Paper.FULL
    cover_open: bool = False
    stalled: bool = False
    silent: bool = False
    reply_delay_s: float = 0.0
    printed: list[Event] = field(default_factory=list)
    received: bytearray = field(default_factory=bytearray)
    wasted: list[list[Event]] = field(default_factory=list)  # partial receipts left on old rolls
    _parser: EscPosParser | None = None
    _queue: list[_Queued] = field(default_factory=list)
    _lines_left: int | None = None
    _fault: str = "paper"
    _outbox: bytearray = field(default_factory=bytearray)
    _lock: threading.Condition = field(default_factory=threading.Condition)

    def __post_init__(self) -> None:
        self._parser = EscPosParser(self.charset)

    # --- fault injection -------------------------------------------------------------
    def paper_low(self) -> None:
        with self._lock:
            self.paper = st.Paper.LOW

    def paper_out(self) -> None:
        self._set(paper=st.Paper.OUT)

    def paper_out_after(self, lines: int) -> None:
        """Paper runs out after `lines` more printed text lines or images (mid-job)."""
        with self._lock:
            self._lines_left, self._fault = lines, "paper"

    def cover_open_after(self, lines: int) -> None:
        """Someone opens the cover after `lines` more printed lines or images (mid-job)."""
        with self._lock:
            self._lines_left, self._fault = lines, "cover"

    def open_cover(self) -> None:
        with self._lock:
            self.cover_open = True

    def close_cover(self) -> None:
        self._set(cover_open=False)

    def load_paper(self) -> None:
        """A new roll: what was printed since the last cut stays on the old roll's end."""
        with self._lock:
            last_cut = max((i for i, e in enumerate(self.printed) if isinstance(e, Cut)), default=-1)
            self.wasted.append(self.printed[last_cut + 1 :])
            del self.printed[last_cut + 1 :]
        self._set(paper=st.Paper.FULL)

    def stall(self, on: bool = True) -> None:
        self._set(stalled=on)

    def silence(self, on: bool = True) -> None:
        with self._lock:
            self.silent = on

    def delay(self, seconds: float) -> None:
        with self._lock:
            self.reply_delay_s = seconds

    def _set(self, **changes: object) -> None:
        with self._lock:
            for k, v in changes.items():
                setattr(self, k, v)
            self._drain()
            self._lock.notify_all()

    # --- what came out -------------------------------------------------------------------
    def receipts(self) -> list[list[Event]]:
        """Printed events split at each cut: one list per torn-off receipt."""
        with self._lock:
            out: list[list[Event]] = [[]]
            for e in self.printed:
                if isinstance(e, Cut):
                    out.append([])
                else:
                    out[-1].append(e)
            return out[:-1]  # what follows the last cut is still on the roll

    def unknown_commands(self) -> list[bytes]:
        with self._lock:
            return [e.data for e in self.printed if isinstance(e, Unknown)]

    # --- called by the wire ----------------------------------------------------------------
    def accepting(self) -> bool:
        with self._lock:
            return not self.stalled and sum(q.size for q in self._queue) < self.buffer_size

    def wait_accepting(self, timeout: float) -> bool:
        with self._lock:
            return self._lock.wait_for(self.accepting, timeout)

    def receive(self, data: bytes) -> None:
        """Takes bytes off the wire: answers real-time requests, queues and prints the rest."""
        with self._lock:
            self.received += data
            assert self._parser is not None
            events = self._parser.feed(data)
            per_event = max(len(data) // max(len(events), 1), 1)
            for e in events:
                if isinstance(e, StatusRequest) and e.command.startswith(b"\x10\x04"):
                    self._outbox += self._real_time(e.command[2])
                elif isinstance(e, ClearBuffers):
                    self._queue.clear()
                    self._outbox += CLEAR_BUFFERS_REPLY
                else:
                    self._queue.append(_Queued(e, per_event))
            self._drain()

    def take_replies(self) -> tuple[bytes, float]:
        """Reply bytes due on the wire and how long to hold them (none at all when silent)."""
        with self._lock:
            if self.stalled:
                return b"", 0.0
            out, self._outbox = bytes(self._outbox), bytearray()
            return (b"" if self.silent else out), self.reply_delay_s

    def _online(self) -> bool:
        return self.paper is not st.Paper.OUT and not self.cover_open

    def _real_time(self, n: int) -> bytes:
        printer, offline, roll = st.encode(self._online(), self.paper, self.cover_open)
        return bytes([{1: printer, 2: offline, 3: st.FIXED_BITS, 4: roll}.get(n, printer)])

    def _drain(self) -> None:
        """Print queued events while the printer can; answers in-order requests as reached."""
        while self._queue and self._online():
            e = self._queue.pop(0).event
            if isinstance(e, StatusRequest):
                self._outbox.append(st.gs_r_paper_reply(self.paper))
                continue
            self.printed.append(e)
            if self._lines_left is not None and isinstance(e, PrintedText | PrintedImage):
                self._lines_left -= 1
                if self._lines_left <= 0:
                    self._lines_left = None
                    if self._fault == "paper":
                        self.paper = st.Paper.OUT
                    else:
                        self.cover_open = True
                    log.info("simulated printer: %s fault mid-job", self._fault)
        self._lock.notify_all()


class _Wire:
    """Runs the reader thread: bytes in to the printer, its replies back out."""

    def __init__(self, printer: SimulatedPrinter) -> None:
        self.printer = printer
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=type(self).__name__, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._close_fds()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.printer.wait_accepting(0.02):
                data = self._read(0.02)
                if data:
                    self.printer.receive(data)
            reply, delay = self.printer.take_replies()
            if reply:
                if delay:
                    time.sleep(delay)
                self._write(reply)

    def _read(self, timeout: float) -> bytes:
        raise NotImplementedError

    def _write(self, data: bytes) -> None:
        raise NotImplementedError

    def _close_fds(self) -> None:
        raise NotImplementedError


class PtyWire(_Wire):
    """The printer behind a pseudo-terminal; the driver opens `port` as a serial device."""

    def __init__(self, printer: SimulatedPrinter) -> None:
        super().__init__(printer)
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        tty.setraw(self._master)
        self.port = os.ttyname(self._slave)
        self._sel = selectors.DefaultSelector()
        self._sel.register(self._master, selectors.EVENT_READ)

    def _read(self, timeout: float) -> bytes:
        if not self._sel.select(timeout):
            return b""
        try:
            return os.read(self._master, 4096)
        except OSError:
            return b""

    def _write(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            os.write(self._master, data)

    def _close_fds(self) -> None:
        self._sel.close()
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class TcpWire(_Wire):
    """The printer on a loopback TCP port (9100 like a network printer; 0 picks a free one)."""

    def __init__(self, printer: SimulatedPrinter, port: int = 9100, host: str = "127.0.0.1") -> None:
        super().__init__(printer)
        self._server = socket.create_server((host, port))
        self._server.settimeout(0.05)
        self.host, self.port = self._server.getsockname()[:2]
        self._conn: socket.socket | None = None

    def _read(self, timeout: float) -> bytes:
        if self._conn is None:
            try:
                self._conn, _ = self._server.accept()
            except OSError:
                return b""
            self._conn.settimeout(timeout)
        try:
            data = self._conn.recv(4096)
        except TimeoutError:
            return b""
        except OSError:
            data = b""
        if not data:  # peer closed: wait for the next connection
            self._conn.close()
            self._conn = None
        return data

    def _write(self, data: bytes) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.sendall(data)

    def _close_fds(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._server.close()
