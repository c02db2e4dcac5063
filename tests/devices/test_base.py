"""The shared device model: cached status, change events, one command at a time, completion codes."""

from __future__ import annotations

import threading
import time

import pytest

from drivers.base import (
    UNKNOWN,
    CommandCanceled,
    CommandChannel,
    CommandTimeout,
    CompletionCode,
    Deadline,
    DeviceError,
    DeviceNotReady,
    DeviceState,
    HardwareError,
    StatusCache,
    StatusChanged,
    Unsupported,
    UserError,
)


def test_status_starts_unknown_and_events_carry_only_changes() -> None:
    cache = StatusCache("id_reader", ("card", "sam"))
    events: list[StatusChanged] = []
    cache.subscribe(events.append)
    assert cache.snapshot().as_dict() == {"state": "unknown", "card": UNKNOWN, "sam": UNKNOWN}

    cache.update(DeviceState.ONLINE, card="absent", sam="ok")
    cache.update(DeviceState.ONLINE, card="present", sam="ok")
    assert cache.update(DeviceState.ONLINE, card="present") is None  # nothing changed, no event
    assert [dict(e.changed) for e in events] == [
        {"state": "online", "card": "absent", "sam": "ok"},
        {"card": "present"},
    ]


def test_failed_read_makes_everything_unknown_not_offline() -> None:
    cache = StatusCache("scanner", ("link",))
    cache.update(DeviceState.ONLINE, link="up")
    event = cache.mark_unknown()
    assert event is not None and dict(event.changed) == {"state": "unknown", "link": UNKNOWN}
    assert cache.snapshot().state is DeviceState.UNKNOWN


def test_broken_listener_does_not_break_the_update() -> None:
    cache = StatusCache("camera")
    seen: list[StatusChanged] = []

    def boom(_: StatusChanged) -> None:
        raise RuntimeError("listener bug")

    cache.subscribe(boom)
    cache.subscribe(seen.append)
    cache.update(DeviceState.BUSY)
    assert len(seen) == 1 and cache.state is DeviceState.BUSY


def test_commands_run_one_at_a_time_and_status_reads_do_not_wait() -> None:
    channel = CommandChannel("id_reader")
    cache = StatusCache("id_reader")
    release = threading.Event()
    started = threading.Event()
    results = []

    def slow(deadline: Deadline) -> str:
        started.set()
        release.wait(deadline.remaining())
        return "read"

    worker = threading.Thread(target=lambda: results.append(channel.run("read", slow, 5.0)))
    worker.start()
    assert started.wait(2)
    t0 = time.monotonic()
    cache.snapshot()
    assert time.monotonic() - t0 < 0.05  # status is cached, not behind the command
    second = channel.run("find", lambda d: "found", 0.2)
    assert second.code is CompletionCode.TIMEOUT and "busy" in second.message
    release.set()
    worker.join(2)
    assert results[0].ok and results[0].value == "read"
    assert channel.run("find", lambda d: "found", 0.2).value == "found"


def test_driver_errors_become_completion_codes() -> None:
    channel = CommandChannel("id_reader")

    def needs_lift(_: Deadline) -> None:
        raise UserError("lift the card and place it again")

    def slow(deadline: Deadline) -> None:
        while True:
            deadline.check()
            time.sleep(0.01)

    done = channel.run("read", needs_lift, 1.0)
    assert done.code is CompletionCode.USER_ERROR and "lift" in done.message
    assert channel.run("read", slow, 0.05).code is CompletionCode.TIMEOUT


def test_cancel_ends_the_running_command() -> None:
    channel = CommandChannel("camera")

    def forever(deadline: Deadline) -> None:
        while True:
            deadline.check()
            time.sleep(0.01)

    threading.Timer(0.05, channel.cancel_current).start()
    assert channel.run("scan", forever, 2.0).code is CompletionCode.CANCELED


def test_receipt_printer_status_fits_the_cache() -> None:
    """The printer driver (built before this base) reports PrinterStatus; its fields feed a cache."""
    from drivers.printer import status as printer_status

    cache = StatusCache("receipt_printer", ("online", "paper", "cover", "error"))
    events: list[StatusChanged] = []
    cache.subscribe(events.append)

    def on_status(s: printer_status.PrinterStatus) -> None:  # what a ReceiptPrinter(on_status=...) gets
        cache.update(DeviceState.ONLINE if s.known else DeviceState.UNKNOWN, **s.fields())

    on_status(printer_status.decode(*printer_status.encode(True, printer_status.Paper.FULL, False)))
    on_status(printer_status.decode(*printer_status.encode(True, printer_status.Paper.OUT, False)))
    on_status(printer_status.decode(None, None, None))  # no answer: unknown, not "paper out"
    assert [dict(e.changed) for e in events] == [
        {"state": "online", "online": "online", "paper": "full", "cover": "closed", "error": "ok"},
        {"paper": "out"},
        {"state": "unknown", "online": UNKNOWN, "paper": UNKNOWN, "cover": UNKNOWN, "error": UNKNOWN},
    ]


def test_an_unexpected_driver_exception_is_a_logged_hardware_error(caplog: pytest.LogCaptureFixture) -> None:
    channel = CommandChannel("scanner")

    def buggy(_: Deadline) -> None:
        raise KeyError("driver bug")

    done = channel.run("read", buggy, 1.0)
    assert done.code is CompletionCode.HARDWARE_ERROR and "driver bug" in done.message
    assert "failed unexpectedly" in caplog.text and not channel.busy


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (DeviceNotReady, CompletionCode.DEVICE_NOT_READY),
        (HardwareError, CompletionCode.HARDWARE_ERROR),
        (UserError, CompletionCode.USER_ERROR),
        (Unsupported, CompletionCode.UNSUPPORTED),
        (CommandTimeout, CompletionCode.TIMEOUT),
        (CommandCanceled, CompletionCode.CANCELED),
    ],
)
def test_each_completion_code_comes_with_message_and_reason(error: type[DeviceError], code: CompletionCode) -> None:
    def command(_: Deadline) -> None:
        raise error("what the technician reads", "what_the_app_words")

    done = CommandChannel("camera").run("do", command, 1.0)
    assert (done.code, done.message, done.reason) == (code, "what the technician reads", "what_the_app_words")
    assert not done.ok
