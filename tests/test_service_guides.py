"""办税指南 works offline: pick a topic, read it in your language, scan the QR for the full text."""

from __future__ import annotations

import numpy as np
import zxingcpp
from PySide6.QtGui import QImage

from kiosk.link import LinkState
from kiosk.services.guides import load_guides


def _decode(label) -> str:  # type: ignore[no-untyped-def]
    image = label.pixmap().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    results = zxingcpp.read_barcodes(pixels[:, : image.width()])
    return results[0].text if results else ""


def test_guides_work_offline_in_both_languages_with_a_working_qr(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: kiosk.link.state == LinkState.DOWN, timeout=5000)
    w = kiosk.window
    kiosk.start_session()
    w.home.tiles["guides"].click()
    step = w.step
    assert w.current_screen() is step and step.title.text() == "请选择您想了解的内容"
    topics = step.inputs[0].group.buttons()
    guides = load_guides()
    assert [b.text() for b in topics] == [g.title.zh for g in guides]
    topics[2].click()
    step.next_button.click()
    assert step.title.text() == "办税指南"
    texts = [label.text() for label in step.body.findChildren(type(step.title))]
    assert guides[2].body.zh in texts
    assert step.qr_label is not None and _decode(step.qr_label) == guides[2].url
    step.next_button.click()
    assert w.current_screen() is w.home

    w.home.language_button.click()
    w.home.tiles["guides"].click()
    assert step.title.text() == "What would you like to know about?"
    step.inputs[0].group.buttons()[0].click()
    step.next_button.click()
    texts = [label.text() for label in step.body.findChildren(type(step.title))]
    assert guides[0].body.en in texts
