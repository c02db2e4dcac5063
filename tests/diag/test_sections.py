"""The diagnostics sections do what their buttons say, live and audited."""

from __future__ import annotations

import json
import logging

from diag_helpers import PIN_HASH, audit_actions, enter_with_pin, wait_idle

from drivers.idcard.record import CardType
from kiosk.diag import checks


def open_section(qtbot, kiosk, key: str):  # type: ignore[no-untyped-def]
    d = kiosk.diagnostics if kiosk.diagnostics.active else enter_with_pin(qtbot, kiosk)
    d.screen.menu.buttons[key].click()
    return d, d.screen.pages[key]


def test_devices_show_state_and_fields_live(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    _, page = open_section(qtbot, diag_kiosk, "devices")
    qtbot.waitUntil(lambda: "id_reader: ONLINE" in page.text.text(), timeout=5000)
    assert "receipt_printer: ONLINE" in page.text.text() and "paper = full" in page.text.text()
    assert "card = absent" in page.text.text()
    diag_kiosk.id_reader.simulator.place(CardType.RESIDENT)  # nobody taps Refresh: the page follows the device
    qtbot.waitUntil(lambda: "card = present" in page.text.text(), timeout=5000)
    diag_kiosk.id_reader.simulator.lift()


def test_outbox_counts_retry_rejected_and_export(qtbot, diag_kiosk, diag_config) -> None:  # type: ignore[no-untyped-def]
    outbox = diag_kiosk.outbox
    receipt = outbox.record("rating", {"stars": 5})
    outbox.mark_rejected({receipt.id: "unknown service code"})
    _, page = open_section(qtbot, diag_kiosk, "outbox")
    wait_idle(qtbot, page)
    assert "rejected 1" in page.text.text() and "unknown service code" in page.text.text()
    page.buttons["retry"].click()
    wait_idle(qtbot, page)
    assert page.banner.text() == "已将 1 条被拒记录重新排队。" and "rejected 0" in page.text.text()
    page.buttons["export"].click()
    wait_idle(qtbot, page)
    exported = list((diag_config.paths.data() / "exports").glob("outbox-*.jsonl"))
    assert len(exported) == 1 and str(exported[0]) in page.banner.text()
    rows = [json.loads(line) for line in exported[0].read_text().splitlines()]
    assert receipt.id in [r["id"] for r in rows]
    details = [a.get("detail") for a in audit_actions(diag_kiosk) if a["action"] == "action"]
    assert details[-2:] == ["retry", "export"]


def test_configuration_is_read_only_with_secrets_hidden(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    _, page = open_section(qtbot, diag_kiosk, "config")
    text = page.text.text()
    assert 'pin_hash = "<hidden>"' in text and PIN_HASH not in text and "[bureau]" in text
    assert page.buttons == {}  # nothing to change from here


def test_logs_tail_with_a_filter(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    logging.getLogger("drivers.test").warning("printer head too hot")
    logging.getLogger("kiosk.test").error("something else broke")
    _, page = open_section(qtbot, diag_kiosk, "logs")
    wait_idle(qtbot, page)
    page.buttons["drivers"].click()
    wait_idle(qtbot, page)
    assert "WARNING drivers.test: printer head too hot" in page.text.text()
    assert "something else broke" not in page.text.text()
    page.buttons["error"].click()
    wait_idle(qtbot, page)
    lines = page.text.text().splitlines()
    assert lines and all(" ERROR " in line for line in lines) and "something else broke" in page.text.text()


def test_an_incomplete_print_job_is_reprinted_once(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    sim = diag_kiosk.printer.sim
    sim.paper_out_after(2)
    test = checks.printer_test_page(diag_kiosk)
    assert test.state == "incomplete"
    sim.load_paper()
    _, page = open_section(qtbot, diag_kiosk, "jobs")
    wait_idle(qtbot, page)
    assert page.text.text() == "未完成的打印任务：1"
    button = page.findChildren(type(page.back_button))
    reprint = [b for b in button if b.property("key") == f"reprint:{test.job_id}"]
    assert len(reprint) == 1 and reprint[0].text() == "补打"
    before = len(sim.receipts())
    reprint[0].click()
    wait_idle(qtbot, page)
    qtbot.waitUntil(lambda: page.text.text() == "未完成的打印任务：0", timeout=10000)
    assert len(sim.receipts()) == before + 1
    assert [a["job"] for a in audit_actions(diag_kiosk) if a["action"] == "reprinted"] == [test.job_id]


class FakeCommands:
    def __init__(self) -> None:
        self.ran: list[str] = []

    def run(self, action: str) -> str:
        self.ran.append(action)
        return f"{action} requested"


def test_restart_reboot_and_shut_down_need_a_second_tap(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    d, page = open_section(qtbot, diag_kiosk, "system")
    d.commands = fake = FakeCommands()
    page.buttons["reboot"].click()
    assert fake.ran == [] and page.banner.text() == "再次点击“重启终端”以确认。"
    page.buttons["reboot"].click()
    wait_idle(qtbot, page)
    assert fake.ran == ["reboot"] and page.banner.text() == "已执行：reboot requested"
    page.buttons["shutdown"].click()
    page.buttons["restart"].click()  # a different button is not a confirmation
    assert fake.ran == ["reboot"]
    page.buttons["restart"].click()
    wait_idle(qtbot, page)
    assert fake.ran == ["reboot", "restart"]
    assert [a["detail"] for a in audit_actions(diag_kiosk) if a["action"] == "power"] == ["reboot", "restart"]


def test_leaving_clears_the_pages_and_needs_the_pin_again(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    d, page = open_section(qtbot, diag_kiosk, "config")
    assert page.text.text()
    page.back_button.click()
    d.screen.menu.leave_button.click()
    assert not d.active and page.text.text() == ""
    d.open_section("config")  # a stale tap after leaving opens nothing
    assert diag_kiosk.window.current_screen() is diag_kiosk.window.attract


def test_diagnostics_left_untouched_closes_itself(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    d = enter_with_pin(qtbot, diag_kiosk)
    d.idle.set_intervals(idle_ms=300, tick_ms=50)
    d.idle.arm()
    qtbot.waitUntil(lambda: not d.active, timeout=5000)
    assert diag_kiosk.window.current_screen() is diag_kiosk.window.attract
    qtbot.waitUntil(lambda: any(a["action"] == "left" and a["reason"] == "idle" for a in audit_actions(diag_kiosk)),
                    timeout=5000)
