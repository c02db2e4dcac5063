"""Screenshots of every diagnostics screen on the simulated devices (`scripts/diag-screenshots OUT`).

For reviews: it enters with a throwaway PIN, opens each section, runs its main action on the
simulators and saves the window as PNG, in Chinese and a few in English.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PIN = "246810"


def main(out: Path) -> int:
    from PySide6.QtCore import QCoreApplication

    from kiosk.config import parse_config
    from kiosk.diag.access import hash_pin
    from kiosk.outbox_custody import install_in_new_folder
    from kiosk.startup import build, use_offscreen
    from screens.diag.pages import DiagPage

    use_offscreen()
    work = Path(tempfile.mkdtemp(prefix="diag-shots-"))
    out.mkdir(parents=True, exist_ok=True)
    config = parse_config({
        "paths": {"data_dir": str(work / "data"), "log_dir": str(work / "logs")},
        "bureau": {"url": "http://127.0.0.1:9", "start_local": False, "timeout_s": 0.5},
        "display": {"fullscreen": False}, "diagnostics": {"pin_hash": hash_pin(PIN)},
    })
    install_in_new_folder(config)
    _, kiosk = build(config)
    kiosk.show(fullscreen=False)
    d = kiosk.diagnostics

    def until(done: Callable[[], bool], seconds: float = 30.0) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and not done():
            QCoreApplication.processEvents()
            time.sleep(0.02)

    def idle(page: DiagPage) -> Callable[[], bool]:
        return lambda: all(b.isEnabled() for b in page.buttons.values())

    def pause(seconds: float) -> None:
        until(lambda: False, seconds)

    def shot(name: str) -> None:
        pause(0.3)
        path = out / f"{name}.png"
        kiosk.window.grab().save(str(path))
        print(path)

    pause(1.0)
    d.open_entry()
    for key in "1111":
        d.screen.entry.keypad.buttons[key].click()
    d.screen.entry.ok_button.click()
    until(lambda: d.screen.entry.banner.isVisible())
    for key in "2468":
        d.screen.entry.keypad.buttons[key].click()
    shot("01-entry")
    for key in "10":
        d.screen.entry.keypad.buttons[key].click()
    d.screen.entry.ok_button.click()
    until(lambda: d.active)
    shot("02-menu")
    plan = [("devices", "", "03-devices"), ("selftest", "print_test", "04-selftest-print"),
            ("selftest", "scan_test", "05-selftest-scan"), ("selftest", "id_test", "06-selftest-id"),
            ("selftest", "camera", "07-selftest-camera"), ("selftest", "all", "08-selftest-all"),
            ("outbox", "refresh", "09-outbox"), ("network", "run", "10-network"), ("config", "", "11-config"),
            ("logs", "warning", "12-logs"), ("jobs", "refresh", "13-jobs"), ("system", "bundle", "14-system")]
    for section, action, name in plan:
        if section == "jobs" and kiosk.printer is not None and kiosk.printer.sim is not None:
            from kiosk.diag.checks import printer_test_page

            kiosk.printer.sim.paper_out_after(2)  # a job the paper ran out on, to reprint
            printer_test_page(kiosk)
            kiosk.printer.sim.load_paper()
        d.open_section(section)
        page = d.screen.pages[section]
        if action:
            until(idle(page), 30)  # what opening the section started
            page.buttons[action].click()
            pause(0.2)
            until(idle(page), 60)
            pause(2.5 if action == "camera" else 0.5)
        shot(name)
        if section == "system":
            page.buttons["reboot"].click()
            shot("14b-system-confirm")  # the confirm button still off: it takes taps after a pause
            pause(1.0)
            shot("14c-system-confirm-ready")
            page.keep_button.click()
        page.back_button.click()
    d.screen.menu.language_button.click()
    shot("15-menu-en")
    d.open_section("selftest")
    d.screen.pages["selftest"].buttons["id_test"].click()
    until(idle(d.screen.pages["selftest"]), 30)
    shot("16-selftest-id-en")
    kiosk.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/diag-screenshots")))
