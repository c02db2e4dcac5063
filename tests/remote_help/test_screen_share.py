"""The kiosk window as the officer would see it: a service step's details painted over unless shared in full."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel

from kiosk.remote_help.screen_share import MASK, grab
from screens.main_window import KioskWindow


def body_pixels(window: KioskWindow, frame: np.ndarray) -> np.ndarray:
    area = window.step.body_scroll
    top_left = area.mapTo(window, QPoint(0, 0))
    scale = frame.shape[1] / window.width()
    x, y = int(top_left.x() * scale) + 4, int(top_left.y() * scale) + 4
    w, h = int(area.width() * scale) - 8, int(area.height() * scale) - 8
    return frame[y:y + h, x:x + w]


def test_step_details_masked_unless_shared_in_full(qtbot: Any, kiosk: Any) -> None:
    window = kiosk.window
    window.show_screen(window.step)
    window.step.body_layout.insertWidget(0, QLabel("张三 440106199001011234"))
    qtbot.waitExposed(window)
    qtbot.wait(50)
    masked, full = grab(window, [], mask_personal=True), grab(window, [], mask_personal=False)
    assert masked.shape[1] <= 960 and masked.shape[0] % 2 == 0 and masked.shape[1] % 2 == 0  # even: yuv420
    hidden = body_pixels(window, masked)
    mask_bgr = (MASK.blue(), MASK.green(), MASK.red())
    share = np.mean(np.all(hidden == mask_bgr, axis=2))
    assert share > 0.8, share  # painted over, bar the "personal details hidden" caption
    shown = body_pixels(window, full)
    assert np.mean(np.all(shown == mask_bgr, axis=2)) < 0.01
    assert len(np.unique(shown.reshape(-1, 3), axis=0)) > 2  # the text is there when shared in full
