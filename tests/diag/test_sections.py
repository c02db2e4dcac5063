"""The diagnostics sections do what their buttons say, live and audited."""

from __future__ import annotations

import json
import logging
import re

from diag_helpers import PIN_HASH, audit_actions, enter_with_pin, wait_idle
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from ready import wait_tappable

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
    qtbot.waitUntil(lambda: "a4_printer: ONLINE" in page.text.text(), timeout=5000)  # asked of the spooler
    assert "printer = none (PDF archive only)" in page.text.text()
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
    assert page.text.text() == "未完成的打印任务：1；已缴款未打印凭证：0"
    button = page.findChildren(type(page.back_button))
    reprint = [b for b in button if b.property("key") == f"reprint:{test.job_id}"]
    assert len(reprint) == 1 and reprint[0].text() == "补打"
    before = len(sim.receipts())
    reprint[0].click()
    wait_idle(qtbot, page)
    qtbot.waitUntil(lambda: page.text.text() == "未完成的打印任务：0；已缴款未打印凭证：0", timeout=10000)
    assert len(sim.receipts()) == before + 1
    assert [a["job"] for a in audit_actions(diag_kiosk) if a["action"] == "reprinted"] == [test.job_id]


class FakeCommands:
    def __init__(self) -> None:
        self.ran: list[str] = []

    def run(self, action: str) -> str:
        self.ran.append(action)
        return f"{action} requested"


def _press(button) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_restart_reboot_and_shut_down_confirm_elsewhere_after_a_pause(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    """A double tap on 重启终端 (83 ms apart) restarted the app: now it only asks, and the confirmation
    is a different button, far from the action, that takes taps only after a pause."""
    d, page = open_section(qtbot, diag_kiosk, "system")
    d.commands = fake = FakeCommands()
    wait_tappable()
    _press(page.buttons["reboot"])
    qtbot.wait(83)
    _press(page.buttons["reboot"])  # the double tap
    assert fake.ran == [] and page.confirm_row.isVisible() and not page.confirm_button.isEnabled()
    assert page.confirm_text.text() == "“重启终端”：请在 6 秒内点击“确认”，或点击“不，继续运行”。"
    window = diag_kiosk.window
    spot = page.confirm_button.mapTo(window, page.confirm_button.rect().center())
    reboot = page.buttons["reboot"]
    action_area = QRect(reboot.mapTo(window, QPoint(0, 0)), reboot.size())
    assert not action_area.adjusted(-200, -200, 200, 200).contains(spot)  # a different spot, well away
    _press(page.confirm_button)  # too early: it takes no tap yet
    assert fake.ran == []
    qtbot.waitUntil(page.confirm_button.isEnabled, timeout=3000)
    _press(page.confirm_button)
    wait_idle(qtbot, page)
    assert fake.ran == ["reboot"] and page.banner.text() == "已执行：reboot requested"
    assert not page.confirm_row.isVisible()
    # "不，继续运行" takes the question away and does nothing
    _press(page.buttons["restart"])
    qtbot.waitUntil(page.confirm_button.isEnabled, timeout=3000)
    _press(page.keep_button)
    assert not page.confirm_row.isVisible() and fake.ran == ["reboot"]
    # Left alone, the window counts down on screen and expires visibly.
    qtbot.wait(300)
    _press(page.buttons["shutdown"])
    seen: list[str] = []
    qtbot.waitUntil(lambda: seen.append(page.confirm_text.text()) or not page.confirm_row.isVisible(), timeout=8000)
    counted = [int(n) for n in dict.fromkeys(re.findall(r"在 (\d) 秒内", "".join(seen)))]
    assert counted == [6, 5, 4, 3, 2, 1]
    assert page.banner.isVisible() and page.banner.text() == "未在时限内确认：“关机”未执行。"
    assert fake.ran == ["reboot"]
    assert [a["detail"] for a in audit_actions(diag_kiosk) if a["action"] == "power"] == ["reboot"]


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


def test_after_shutdown_no_diagnostics_timer_or_filter_is_left(qtbot, diag_config) -> None:  # type: ignore[no-untyped-def]
    from kiosk.startup import build

    _, kiosk = build(diag_config)
    qtbot.addWidget(kiosk.window)
    kiosk.show(fullscreen=False)
    d = kiosk.diagnostics
    d.open_entry()  # arms the idle exit
    d.idle.set_intervals(idle_ms=200, tick_ms=50)
    d.idle.arm()
    expired: list[bool] = []
    d.idle.expired.connect(lambda: expired.append(True))
    kiosk.shutdown()
    qtbot.wait(600)  # it would expire here and act on a shut-down app (its runner and outbox are gone)
    assert expired == [] and not d.idle.armed and not d.idle.counting
