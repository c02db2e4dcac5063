"""The receipt printer as a device: state, cached fields and change events, from the sim driver."""

from __future__ import annotations

import pytest

from drivers.printer.device import DeviceState, ReceiptPrinterDevice
from drivers.printer.jobs import JobLedger, JobState
from drivers.printer.layout import ReceiptLayout


@pytest.fixture
def device():
    dev = ReceiptPrinterDevice("receipt_printer", "sim", {"read_timeout_s": 0.3, "confirm_timeout_s": 1.0}, JobLedger())
    yield dev
    dev.close()


def test_states_and_change_events(device):
    events: list[tuple[str, dict[str, str]]] = []
    device.status.subscribe(lambda event: events.append((event.device, dict(event.changed))))
    assert device.state is DeviceState.NO_DEVICE
    assert device.refresh() is DeviceState.ONLINE
    assert events[-1] == (
        "receipt_printer",
        {"online": "online", "paper": "full", "cover": "closed", "error": "ok", "state": "online"},
    )
    device.sim.open_cover()
    assert device.refresh() is DeviceState.USER_ERROR
    assert events[-1][1] == {"online": "offline", "cover": "open", "state": "user_error"}
    device.sim.close_cover()
    device.sim.silence()
    assert device.refresh() is DeviceState.OFFLINE  # not answering...
    assert device.fields()["paper"] == "unknown"  # ...and nothing is claimed about the paper
    n = len(events)
    device.refresh()
    assert len(events) == n  # no change, no event


def test_busy_while_printing_then_online(device):
    seen: list[str] = []
    device.status.subscribe(lambda event: seen.append(event.changed.get("state", "")))
    device.refresh()
    out = device.print_layout("d1", "receipt", ReceiptLayout().text("完税证明"))
    assert out.state is JobState.PRINTED
    assert [s for s in seen if s] == ["online", "busy", "online"]


def test_reprint_from_diagnostics_lists_incomplete_jobs(device):
    device.refresh()
    device.sim.paper_out_after(1)
    out = device.print_layout("d2", "receipt", ReceiptLayout().text("一").text("二").text("三"))
    assert out.state is JobState.INCOMPLETE
    assert [j.job_id for j in device.reprintable_jobs()] == ["d2"]
    device.sim.load_paper()
    assert device.reprint("d2").state is JobState.PRINTED
    assert device.reprintable_jobs() == []
