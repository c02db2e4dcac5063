"""The display demo's control strip: a visitor inserts a sample card, shows a code, puts a face in front
of the camera, and the kiosk's real flow follows (through the simulated devices' own protocols)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from service_rig import FACE, YEAR, step_title, tap, wait_for_step

from kiosk.demo_control import attach_demo_panel


def test_a_visitor_gets_through_identification_with_the_demo_controls(qtbot, service_kiosk: Any) -> None:  # type: ignore[no-untyped-def]
    k, w = service_kiosk, service_kiosk.window
    panel = attach_demo_panel(k)
    assert panel is not None
    qtbot.waitUntil(panel.isVisible, timeout=3000)
    assert panel.geometry().bottom() <= w.strip.geometry().top()  # a strip of its own, above the status strip
    assert len(panel.card_buttons) == 4  # each sample card
    k.start_session()
    tap(w.home.tiles["iit_certificate"])
    wait_for_step(qtbot, k, "请出示身份证件")
    tap(panel.card_buttons["resident"])  # the card goes on the simulated reader, read over its serial line
    wait_for_step(qtbot, k, FACE)
    assert "张三" in panel.state.text()
    tap(panel.lift_button)
    tap(panel.face_button)  # a face for the camera
    tap(w.step.next_button)
    wait_for_step(qtbot, k, YEAR, timeout=20000)
    folder = os.environ.get("KIOSK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        w.grab().save(str(Path(folder) / "demo-control.png"))
    tap(w.step.cancel_button)
    qtbot.waitUntil(lambda: w.current_screen() is w.home, timeout=5000)
    # The tax app's code, shown to the scanner, identifies too.
    tap(w.home.tiles["iit_certificate"])
    wait_for_step(qtbot, k, "请出示身份证件")
    tap(next(b for b in w.step.method_group.buttons() if b.property("method") == "qr"))
    tap(panel.code_button)
    qtbot.waitUntil(lambda: step_title(k) == FACE, timeout=15000)
