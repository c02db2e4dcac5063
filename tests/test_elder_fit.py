"""Elder mode's large type still fits a 1920x1080 screen: a step with choices and a keypad needs no scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtWidgets import QApplication

from kiosk.services.small_invoice import small_invoice_flow

SCREEN = (1920, 1080)
NUMBER = "11010519491231002X"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_small_invoice_item_step_fits_in_elder_mode(qtbot, kiosk, language: str) -> None:  # type: ignore[no-untyped-def]
    flow = small_invoice_flow()
    kiosk.engine._actions = {s.action: (lambda c: {"name": "张*"}) for s in flow.steps if s.action}
    kiosk.window.resize(*SCREEN)
    kiosk.start_session()
    kiosk.session.set_language(language)
    kiosk.session.set_elder_mode(True)
    kiosk.engine.start(flow, {"service": flow.id})
    kiosk.engine.submit({"id_number": NUMBER})
    qtbot.waitUntil(lambda: kiosk.engine.step is flow.steps[1] and not kiosk.engine.busy_now, timeout=3000)
    kiosk.engine.submit({})  # the face step (its check stubbed here)
    qtbot.waitUntil(lambda: kiosk.engine.step is flow.steps[2] and not kiosk.engine.busy_now, timeout=3000)
    kiosk.engine.submit({"buyer_name": "张三"})
    step = kiosk.window.step
    assert step.title.text() == ("请选择项目并输入金额" if language == "zh_CN" else "What was sold, for how much?")
    qtbot.waitUntil(lambda: step.inputs[1].keypad.isVisible())
    for _ in range(3):  # the layouts settle (each pass may ask its parent's for another)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()
    assert not step.body_scroll.verticalScrollBar().isVisible()  # nothing to scroll to
    viewport = step.body_scroll.viewport()
    shown = QRect(QPoint(0, 0), viewport.size())
    keys = step.inputs[1].keypad.buttons
    assert not keys["X"].isVisible()  # an amount has no X (only ID numbers end in one)
    for key in (k for k in keys.values() if k.isVisible()):  # every key whole on screen, the bottom row too
        corner = key.mapTo(viewport, QPoint(0, 0))
        assert shown.contains(QRect(corner, key.size())), key.text()
    for button in step.inputs[0].group.buttons():
        corner = button.mapTo(viewport, QPoint(0, 0))
        assert shown.contains(QRect(corner, button.size())), button.text()
