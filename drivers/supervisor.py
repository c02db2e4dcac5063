"""Keeps one device connected: reconnects with exponential backoff, polls, notices when it is lost.

A device that misses one answer is not lost (a card being placed can delay a reply); only
several consecutive misses close the link and start reconnecting. Going down and coming back
up are each logged once, however long the outage lasts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from drivers.base import Completion, CompletionCode, DeviceError, DeviceState, StatusCache
from taxcore.backoff import Backoff

log = logging.getLogger(__name__)

# Completion codes that mean "the device did not answer" rather than "it answered no".
MISSES = (CompletionCode.TIMEOUT, CompletionCode.DEVICE_NOT_READY)


class Supervisor:
    """Runs `tick` every `interval_s` on its own thread while the device is connected.

    `connect` opens the link (raises DeviceError or OSError when it cannot), `disconnect` closes
    it, `tick` does one unit of work (a status read, a card poll) and returns a Completion that
    goes to `on_result`.
    """

    def __init__(
        self,
        name: str,
        status: StatusCache,
        connect: Callable[[], None],
        disconnect: Callable[[], None],
        tick: Callable[[], Completion[Any]],
        *,
        on_result: Callable[[Completion[Any]], None] | None = None,
        interval_s: float = 0.3,
        misses_to_lose: int = 3,
        backoff: Backoff | None = None,
    ) -> None:
        self.name = name
        self.status = status
        self._connect, self._disconnect, self._tick = connect, disconnect, tick
        self._on_result = on_result
        self.interval_s = interval_s
        self.misses_to_lose = misses_to_lose
        self.backoff = backoff or Backoff()
        self.connected = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._down_logged = False

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"supervisor-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 6.0) -> None:
        """Stop and wait for the thread: a command under way ends within its own timeout."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("%s: supervisor thread still busy after %g s", self.name, timeout_s)
                return  # closing the link under it would only add a second failure
        if self.connected:
            self._disconnect()
            self.connected = False

    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            if not self.connected:
                if self._try_connect():
                    attempt = 0
                else:
                    self._stop.wait(self.backoff.delay(attempt))
                    attempt += 1
                    continue
            self._poll_until_lost()

    def _try_connect(self) -> bool:
        try:
            self._connect()
        except (DeviceError, OSError) as exc:
            self._went_down(f"cannot connect: {exc}")
            return False
        self.connected = True
        if self._down_logged:
            log.info("%s is back", self.name)
            self._down_logged = False
        return True

    def _poll_until_lost(self) -> None:
        misses = 0
        while not self._stop.is_set():
            result = self._tick()
            if self._on_result is not None:
                self._on_result(result)
            misses = misses + 1 if result.code in MISSES else 0
            if misses >= self.misses_to_lose:
                self._disconnect()
                self.connected = False
                self.status.update(DeviceState.NO_DEVICE)
                self._went_down(f"{misses} answers missed ({result.message})")
                return
            self._stop.wait(self.interval_s)

    def _went_down(self, why: str) -> None:
        if not self._down_logged:
            log.warning("%s lost: %s; reconnecting with backoff", self.name, why)
            self._down_logged = True


def supervise_id_reader(reader: Any, on_result: Callable[[Completion[Any]], None], **kwargs: Any) -> Supervisor:
    """A supervisor that polls a SamReader for cards (never faster than every 300 ms)."""
    kwargs["interval_s"] = max(0.3, kwargs.get("interval_s", 0.3))
    return Supervisor(
        reader.device, reader.status, reader.open, reader.close, reader.poll, on_result=on_result, **kwargs
    )


def supervise_scanner(scanner: Any, on_result: Callable[[Completion[Any]], None], **kwargs: Any) -> Supervisor:
    """A supervisor that keeps reading a code scanner: a line scanner (each poll waits a moment
    for a code) or the camera (each poll reads one frame)."""
    kwargs.setdefault("interval_s", 0.01)
    return Supervisor(
        scanner.device, scanner.status, scanner.open, scanner.close, scanner.poll, on_result=on_result, **kwargs
    )


def supervise_printer(printer: Any, **kwargs: Any) -> Supervisor:
    """A supervisor that keeps a receipt printer connected and reads its status every few seconds."""
    kwargs.setdefault("interval_s", 5.0)
    return Supervisor(printer.name, printer.status, printer.connect, printer.disconnect, printer.tick, **kwargs)
