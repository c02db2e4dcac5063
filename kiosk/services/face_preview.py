"""While a face-check step is on screen, its camera picture is shown live beside the instructions.

Only the newest frame the camera's own worker already read is used (no device call on the GUI
thread), scaled down on a worker (kiosk.tasks), one at a time; the picture goes when the step does.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer

from kiosk.flow.model import Step
from screens.flow.camera_preview import CameraPreview, preview_image

REFRESH_MS = 100


class FacePreview(QObject):
    def __init__(self, kiosk: Any, actions: frozenset[str]) -> None:
        super().__init__(kiosk)
        self._kiosk = kiosk
        self._actions = actions  # the steps whose action checks a face
        self.preview: CameraPreview | None = None
        self._making = False  # a picture is being made on a worker: the next refresh waits for it
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
        self.preview = CameraPreview()
        screen = self._kiosk.window.step
        screen.body_layout.insertWidget(screen.body_layout.count() - 1, self.preview,  # above the stretch
                                        alignment=Qt.AlignmentFlag.AlignHCenter)
        self._timer.start()

    def _refresh(self) -> None:
        camera = self._kiosk.camera
        if camera is None or self.preview is None or self._making:
            return

        def make() -> Any:
            frame = camera.last_frame()
            return None if frame is None else preview_image(frame)

        self._making = True
        self._kiosk.runner.submit(make, REFRESH_MS * 10 / 1000, name="camera preview",
                                  on_success=self._show, on_failure=lambda _exc: self._shown())

    def _show(self, image: Any) -> None:
        self._shown()
        if image is not None and self.preview is not None:  # the step may have gone meanwhile
            self.preview.show_image(image)

    def _shown(self) -> None:
        self._making = False

    def _stop(self) -> None:
        self._timer.stop()
        if self.preview is not None:
            self.preview.clear()
            self.preview = None  # the step screen deletes it with the rest of the step
