"""The device model every driver shares: states, completion codes, cached status, one command at a time.

The GUI and the heartbeat read device status often and must never wait on a device, so status
lives in a `StatusCache` that drivers write and anyone reads without touching the device. A failed
read makes a field UNKNOWN, never a guess such as "offline". Commands go through a
`CommandChannel` per device so two callers never interleave bytes on one link, and every
command carries an explicit deadline and ends with a `CompletionCode`.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

UNKNOWN = "unknown"
STATE_FIELD = "state"


class DeviceState(enum.Enum):
    ONLINE = "online"
    OFFLINE = "offline"
    POWER_OFF = "power_off"
    NO_DEVICE = "no_device"
    HARDWARE_ERROR = "hardware_error"
    USER_ERROR = "user_error"
    BUSY = "busy"
    UNKNOWN = UNKNOWN  # nothing read yet, or the last status read failed


class CompletionCode(enum.Enum):
    SUCCESS = "success"
    CANCELED = "canceled"
    TIMEOUT = "timeout"
    DEVICE_NOT_READY = "device_not_ready"
    HARDWARE_ERROR = "hardware_error"
    USER_ERROR = "user_error"
    UNSUPPORTED = "unsupported"


class DeviceError(Exception):
    """A command failed in a way the driver understood; `code` says how.

    The text is for logs and technicians; `reason` is a stable key the app turns into words for
    the person at the screen, in their language.
    """

    code = CompletionCode.HARDWARE_ERROR

    def __init__(self, text: str = "", reason: str = "") -> None:
        super().__init__(text)
        self.reason = reason


class DeviceNotReady(DeviceError):
    code = CompletionCode.DEVICE_NOT_READY


class HardwareError(DeviceError):
    code = CompletionCode.HARDWARE_ERROR


class UserError(DeviceError):
    """The person must act (present, lift or re-place a card...)."""

    code = CompletionCode.USER_ERROR


class Unsupported(DeviceError):
    code = CompletionCode.UNSUPPORTED


class CommandTimeout(DeviceError):
    code = CompletionCode.TIMEOUT


class CommandCanceled(DeviceError):
    code = CompletionCode.CANCELED


@dataclass(frozen=True)
class StatusChanged:
    """Only the fields that changed (the `state` field included when the state changed)."""

    device: str
    changed: Mapping[str, str]


@dataclass(frozen=True)
class DeviceStatus:
    device: str
    state: DeviceState
    fields: Mapping[str, str]

    def as_dict(self) -> dict[str, str]:
        """The heartbeat shape: {"state": ..., field: value, ...}."""
        return {STATE_FIELD: self.state.value, **self.fields}


Listener = Callable[[StatusChanged], None]


class StatusCache:
    """Last known status of one device; reads never block on the device.

    Every declared field starts UNKNOWN. `update` stores new values and tells listeners only what
    changed. Listeners run on the updating (driver) thread; the Qt bridge moves them to the GUI.
    """

    def __init__(self, device: str, field_names: tuple[str, ...] = ()) -> None:
        self.device = device
        self._fields = dict.fromkeys(field_names, UNKNOWN)
        self._state = DeviceState.UNKNOWN
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def snapshot(self) -> DeviceStatus:
        with self._lock:
            return DeviceStatus(self.device, self._state, dict(self._fields))

    @property
    def state(self) -> DeviceState:
        return self._state

    def update(self, state: DeviceState | None = None, **fields: str) -> StatusChanged | None:
        with self._lock:
            changed: dict[str, str] = {}
            if state is not None and state is not self._state:
                self._state = state
                changed[STATE_FIELD] = state.value
            for name, value in fields.items():
                if self._fields.get(name) != value:
                    self._fields[name] = value
                    changed[name] = value
            listeners = list(self._listeners)
        if not changed:
            return None
        event = StatusChanged(self.device, changed)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a broken listener must not break the driver
                log.exception("status listener failed for %s", self.device)
        return event

    def mark_unknown(self) -> StatusChanged | None:
        """The status read failed: every field and the state become UNKNOWN."""
        with self._lock:
            names = list(self._fields)
        return self.update(DeviceState.UNKNOWN, **dict.fromkeys(names, UNKNOWN))


class Deadline:
    """The time left for one command, and its cancel flag; drivers bound every wait by `remaining()`."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._end = time.monotonic() + timeout_s
        self._cancel = threading.Event()

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self._end

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def canceled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> float:
        """Raise if canceled or out of time; else the seconds left."""
        if self._cancel.is_set():
            raise CommandCanceled("canceled")
        left = self.remaining()
        if left <= 0:
            raise CommandTimeout(f"no result within {self.timeout_s:g} s")
        return left


T = TypeVar("T")


@dataclass(frozen=True)
class Completion(Generic[T]):
    code: CompletionCode
    value: T | None = None
    message: str = ""  # for logs and technicians
    elapsed_s: float = field(default=0.0, compare=False)
    reason: str = ""  # DeviceError.reason: what the app tells the person

    @property
    def ok(self) -> bool:
        return self.code is CompletionCode.SUCCESS


class CommandChannel:
    """One command at a time on one device, each with an explicit timeout.

    A command waiting for the channel spends its own timeout doing so; if the channel does not
    free up in time it completes with TIMEOUT without touching the device. The status cache is
    separate, so reading status never waits here.
    """

    def __init__(self, device: str) -> None:
        self.device = device
        self._lock = threading.Lock()
        self.current: Deadline | None = None

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    def cancel_current(self) -> None:
        current = self.current
        if current is not None:
            current.cancel()

    def run(self, name: str, command: Callable[[Deadline], T], timeout_s: float) -> Completion[T]:
        deadline = Deadline(timeout_s)
        started = time.monotonic()
        if not self._lock.acquire(timeout=timeout_s):
            return Completion(CompletionCode.TIMEOUT, None, f"{self.device} busy with another command", timeout_s)
        try:
            self.current = deadline
            value = command(deadline)
            if deadline.canceled:
                return Completion(CompletionCode.CANCELED, None, f"{name} canceled", time.monotonic() - started)
            return Completion(CompletionCode.SUCCESS, value, "", time.monotonic() - started)
        except DeviceError as exc:
            elapsed = time.monotonic() - started
            log.info("%s %s: %s (%s)", self.device, name, exc.code.value, exc)
            return Completion(exc.code, None, str(exc), elapsed, exc.reason)
        except Exception as exc:  # a driver bug must not kill the thread that polls the device
            log.exception("%s %s failed unexpectedly", self.device, name)
            return Completion(CompletionCode.HARDWARE_ERROR, None, f"{name} failed: {exc}", time.monotonic() - started)
        finally:
            self.current = None
            self._lock.release()
