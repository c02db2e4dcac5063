"""The SAM ID-card reader over pyserial: status → find → select → read, each with its own timeout.

One `poll` is one attempt to read a card; callers poll no faster than every 300 ms (the reader
and the card's SAM handshake need the pause). After a read, success or failure, the card must
be lifted before it is read again: some readers keep answering "found" to a card that stays,
others answer "find failed", and either way we wait for a find failure before the next read.
Status lives in the `StatusCache`; commands go one at a time through the `CommandChannel`.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import serial

from drivers.base import (
    UNKNOWN,
    CommandChannel,
    CommandTimeout,
    Completion,
    CompletionCode,
    Deadline,
    DeviceNotReady,
    DeviceState,
    HardwareError,
    StatusCache,
    UserError,
)
from drivers.idcard.frames import SW3, Command, FrameError, FrameReader, Response, build_command
from drivers.idcard.photo import PhotoDecoder, decode_photo, load_decoder
from drivers.idcard.record import IdRecord, RecordError, parse_base_message
from drivers.idcard.settings import ReaderTimings, SamReaderSettings
from drivers.serial_link import LINK_ERRORS, close_quietly

log = logging.getLogger(__name__)

MIN_POLL_INTERVAL_S = 0.3
BASE_ANSWER_BYTES = 1295
STATUS_FIELDS = ("card", "sam")

# For logs and technicians; the app words each `reason` for the person at the screen.
MESSAGES = {
    "unreadable": "the card could not be read",
    "no_reader": "the card reader is not connected",
    "no_answer": "the card reader does not answer",
    "silent": "the port opens but no reader answers (powered off, or set to another baud rate?)",
}


class SamReader:
    """One reader on one serial port. Thread-safe: commands are serialised by the channel."""

    def __init__(
        self,
        device: str,
        port: str,
        *,
        baudrate: int = 115200,
        command_timeout_s: float = 0.5,
        read_timeout_s: float = 2.0,
        photo_decoder: PhotoDecoder | None = None,
        min_poll_interval_s: float = MIN_POLL_INTERVAL_S,
    ) -> None:
        self.device = device
        self.port = port
        self.baudrate = baudrate
        self.command_timeout_s = command_timeout_s
        # The card answer is 1295 bytes: allow its wire time on top of the card's own time.
        self.read_timeout_s = read_timeout_s + BASE_ANSWER_BYTES * 10 / baudrate
        self.status = StatusCache(device, STATUS_FIELDS)
        self.channel = CommandChannel(device)
        self._serial: serial.Serial | None = None
        self._frames = FrameReader()
        self._needs_lift = False
        self.min_poll_interval_s = max(MIN_POLL_INTERVAL_S, min_poll_interval_s)
        self._last_find = -float("inf")
        self.photo_decoder = photo_decoder  # None: photos show as unavailable
        self.simulator: Any = None  # the simulated reader behind the port, with driver = "sim"

    # --- link -------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._serial is not None

    def open(self) -> None:
        """Open the port and ask the SAM's status: a USB-serial port opens whether or not a powered
        reader answers behind it, and a reconnect that 'succeeds' onto a silent reader would flap."""
        try:
            self._serial = serial.Serial(self.port, self.baudrate, timeout=0, write_timeout=self.command_timeout_s)
        except LINK_ERRORS as exc:
            self._serial = None
            self.status.update(DeviceState.NO_DEVICE, card=UNKNOWN, sam=UNKNOWN)
            raise DeviceNotReady(f"{self.port}: {exc}", "no_reader") from None
        self._frames.clear()
        self._needs_lift = False  # a new link cannot know what was read before it
        done = self.check_sam(self.command_timeout_s + 0.5)
        if done.ok:
            return
        self.close()
        if done.code is CompletionCode.TIMEOUT:
            self.status.update(DeviceState.POWER_OFF, card=UNKNOWN, sam=UNKNOWN)
            raise DeviceNotReady(f"{self.port}: {MESSAGES['silent']}", "no_answer")
        raise HardwareError(done.message, done.reason or "no_reader")

    def close(self) -> None:
        close_quietly(self._serial)
        self._serial = None

    def photo(self, record: IdRecord) -> bytes | None:
        """The card photo as a 102×126 BMP through the configured vendor decoder; None without one.
        Runs in a worker (a vendor library may be slow); nothing of it is kept here."""
        return decode_photo(record.photo_wlt, self.photo_decoder)

    # --- commands ---------------------------------------------------------------------------
    def check_sam(self, timeout_s: float = 1.0) -> Completion[None]:
        """SAM status: the cheap 'is the reader alive' question the supervisor asks."""
        return self.channel.run("sam status", self._check_sam, timeout_s)

    def poll(self, timeout_s: float = 5.0) -> Completion[IdRecord | None]:
        """One attempt: value None when no (new) card is there, the record when one was read."""
        return self.channel.run("read card", self._poll, timeout_s)

    def _check_sam(self, deadline: Deadline) -> None:
        response = self._transact(Command.SAM_STATUS, deadline, self.command_timeout_s)
        if response.sw3 != SW3.SUCCESS:
            self.status.update(DeviceState.HARDWARE_ERROR, sam="error")
            raise HardwareError(f"SAM: {response.describe()}")
        self.status.update(DeviceState.ONLINE, sam="ok")

    def _poll(self, deadline: Deadline) -> IdRecord | None:
        # The reader needs the pause between finds, whoever calls us and however often.
        wait = self._last_find + self.min_poll_interval_s - time.monotonic()
        if wait > 0:
            time.sleep(min(wait, deadline.check()))
            deadline.check()
        self._last_find = time.monotonic()
        found = self._transact(Command.FIND_CARD, deadline, self.command_timeout_s)
        if found.sw3 != SW3.FIND_SUCCESS:
            self._needs_lift = False
            self.status.update(DeviceState.ONLINE, card="absent")
            return None
        self.status.update(DeviceState.ONLINE, card="present")
        if self._needs_lift:
            return None  # the card already read is still there
        self._needs_lift = True  # whatever happens next, this placement is used up
        selected = self._transact(Command.SELECT_CARD, deadline, self.command_timeout_s)
        if selected.sw3 != SW3.SUCCESS:
            log.info("id card select failed: %s", selected.describe())
            raise UserError(MESSAGES["unreadable"], "unreadable")
        try:
            answer = self._transact(Command.READ_BASE, deadline, self.read_timeout_s, retry=False)
        except FrameError as exc:
            log.warning("id card answer corrupted: %s", exc)
            raise UserError(MESSAGES["unreadable"], "unreadable") from None
        if answer.sw3 != SW3.SUCCESS:
            log.info("id card read failed: %s", answer.describe())
            raise UserError(MESSAGES["unreadable"], "unreadable")
        try:
            record = parse_base_message(answer.data)
        except RecordError as exc:
            log.warning("id card data refused: %s", exc)  # the messages never carry field values
            raise UserError(MESSAGES["unreadable"], "unreadable") from None
        log.info("id card read (%s)", record.card_type.value)
        return record

    def _transact(self, command: Command, deadline: Deadline, timeout_s: float, retry: bool = True) -> Response:
        """Send one command and wait for its answer; a corrupted answer is asked for once more."""
        try:
            return self._exchange(command, deadline, timeout_s)
        except FrameError as exc:
            if not retry:
                raise
            log.info("reader answer to %s corrupted (%s); asking again", command.name, exc)
        try:
            return self._exchange(command, deadline, timeout_s)
        except FrameError as exc:
            self.status.update(DeviceState.HARDWARE_ERROR)
            raise HardwareError(f"reader sends corrupted frames: {exc}") from None

    def _exchange(self, command: Command, deadline: Deadline, timeout_s: float) -> Response:
        port = self._serial
        if port is None:
            raise DeviceNotReady(MESSAGES["no_reader"], "no_reader")
        end = time.monotonic() + min(timeout_s, deadline.check())
        try:
            port.reset_input_buffer()
            self._frames.clear()
            port.write(build_command(command))
            while True:
                response = self._frames.next_frame()
                if response is not None:
                    return response
                left = end - time.monotonic()
                if left <= 0:
                    break
                deadline.check()
                port.timeout = min(left, 0.05)
                chunk = port.read(self._frames.needed())
                if chunk:
                    self._frames.feed(chunk)
        except LINK_ERRORS as exc:
            self.close()
            self.status.update(DeviceState.NO_DEVICE, card=UNKNOWN, sam=UNKNOWN)
            raise DeviceNotReady(f"{MESSAGES['no_reader']} ({exc})", "no_reader") from None
        self.status.mark_unknown()
        raise CommandTimeout(f"{MESSAGES['no_answer']} ({command.name}, {timeout_s:g} s)", "no_answer")


def build(device: str, settings: SamReaderSettings) -> SamReader:
    return open_reader(device, settings.port, settings.baudrate, settings)


def open_reader(device: str, port: str, baudrate: int, timings: ReaderTimings) -> SamReader:
    return SamReader(
        device,
        port,
        baudrate=baudrate,
        command_timeout_s=timings.command_timeout_s,
        read_timeout_s=timings.read_timeout_s,
        photo_decoder=load_decoder(timings.wlt_library),
    )
