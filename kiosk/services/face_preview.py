"""While a face-check step is on screen, its camera picture is shown live beside the instructions.

Only the newest frame the camera's own worker already read is passed on (no device call on the
GUI thread); the picture goes when the step does. This decides when and what; the step screen
draws it (`showing` and `frame` are connected to its `show_camera` and `show_camera_frame`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.flow.model import Step

REFRESH_MS = 100


class FacePreview(QObject):
    showing = Signal(bool)  # the picture should be on screen (True) or not
    frame = Signal(object)  # the newest camera frame (a numpy array), while showing

    def __init__(self, kiosk: Any, actions: frozenset[str]) -> None:
        super().__init__(kiosk)
        self._kiosk = kiosk
        self._actions = actions  # the steps whose action checks a face
        self.active = False
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh)
        kiosk.engine.step_entered.connect(self._on_step)  # after the app has drawn the step
        kiosk.engine.finished.connect(lambda _reason: self._stop())

    def _on_step(self, step: Step) -> None:
        self._stop()
        camera = self._kiosk.camera
        if camera is None or step.action not in self._actions:
            return
        camera.active = True  # frames are read only while someone looks
        self.active = True
        self.showing.emit(True)
        self._timer.start()

    def _refresh(self) -> None:
        camera = self._kiosk.camera
        frame = camera.last_frame() if camera is not None else None
        if frame is not None and self.active:
            self.frame.emit(frame)

    def _stop(self) -> None:
        self._timer.stop()
        if self.active:
            self.active = False
            self.showing.emit(False)
