"""A keypad never moves under the finger: errors beside it take room that is already there."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint

from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS


def _spots(kiosk: Any) -> dict[str, tuple[int, int, int, int]]:
    w = kiosk.window
    buttons = dict(kiosk.window.step.inputs[0].keypad.buttons)
    buttons.update(next=w.step.next_button, back=w.step.back_button, cancel=w.step.cancel_button)
    return {key: (*b.mapTo(w, QPoint(0, 0)).toTuple(), b.width(), b.height()) for key, b in buttons.items()
            if b.isVisible()}


def test_the_id_keypad_stays_put_when_the_check_digit_is_wrong(qtbot, kiosk: Any) -> None:  # type: ignore[no-untyped-def]
    kiosk.start_session()
    kiosk.engine.start(kiosk.flows["iit_certificate"], {"terminal_id": "T", "service": "iit_certificate"})
    step = kiosk.window.step
    next(b for b in step.method_group.buttons() if b.property("method") == "type").click()
    qtbot.wait(50)
    field = step.inputs[0]
    before = _spots(kiosk)
    number = CARDS[CardType.RESIDENT]["id_number"]
    for key in number[:17] + ("1" if number[17] != "1" else "2"):
        field.keypad.buttons[key].click()
    qtbot.wait(50)
    assert field.error.text() and field.error.isVisible()  # "the check digit does not match"
    assert _spots(kiosk) == before
    field.keypad.buttons["⌫"].click()
    qtbot.wait(50)
    assert _spots(kiosk) == before
