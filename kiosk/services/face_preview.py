"""While a face-check step is on screen, its camera picture is shown live beside the instructions.

Only the newest frame the camera's own worker already read is passed on (no device call on the
GUI thread), scaled down on a worker (kiosk.tasks) one at a time: scaling a 1280×720 frame on the
GUI thread held the screen up to half a second under load (bench/gui_stall.py). The picture goes
when the step does. This decides when and what; the step screen draws it (`showing` and `frame`
are connected to its `show_camera` and `show_camera_frame`).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

import cv2
from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.flow.model import Step

REFRESH_MS = 100
PREVIEW_SIZE = (480, 270)  # the step screen's picture (screens/flow/camera_preview.py): drawn as it comes


class FacePreview(QObject):
    showing = Signal(bool)  # the picture should be on screen (True) or not
    frame = Signal(object)  # the newest camera frame (a numpy array) at PREVIEW_SIZE, while showing

    def __init__(self, kiosk: Any, actions: AbstractSet[str]) -> None:
        super().__init__(kiosk)
        self._kiosk = kiosk
        self._actions = actions  # the steps whose action checks a face
        self.active = False
        self._scaling = False  # a frame is being scaled on a worker: the next refresh waits for it
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
        if camera is None or not self.active or self._scaling:
            return

        def scaled() -> Any:
            frame = camera.last_frame()
            return None if frame is None else cv2.resize(frame, PREVIEW_SIZE, interpolation=cv2.INTER_AREA)

        self._scaling = True
        self._kiosk.runner.submit(scaled, REFRESH_MS * 10 / 1000, name="camera preview",
                                  on_success=self._scaled, on_failure=lambda _exc: self._scaled(None))

    def _scaled(self, frame: Any) -> None:
        self._scaling = False
        if frame is not None and self.active:  # the step may have gone meanwhile
            self.frame.emit(frame)

    def _stop(self) -> None:
        self._timer.stop()
        if self.active:
            self.active = False
            self.showing.emit(False)
