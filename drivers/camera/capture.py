"""The camera scanner: frames read in the supervisor's worker, codes decoded, faces noticed.

OpenCV's VideoCapture reads a device index (a USB camera) or a file (a video, for testing).
Each poll reads one frame, decodes it within the frame budget, and returns a new payload (or
None); the latest frame and whether a face is in it are kept for the identity step and for the
technician's preview. A frame that cannot be read is a miss: several in a row and the
supervisor reopens the camera.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any, Protocol

import cv2
import numpy as np

from drivers.base import CommandChannel, Completion, Deadline, DeviceNotReady, DeviceState, StatusCache
from drivers.camera.face import FaceDetector
from drivers.camera.settings import CameraSettings, FrameSettings
from drivers.scanner import qr_decode
from drivers.scanner.dedupe import DEFAULT_WINDOW_S, Deduper

log = logging.getLogger(__name__)

STATUS_FIELDS = ("stream", "face")


class FrameSource(Protocol):
    def read(self) -> tuple[bool, Any]: ...

    def release(self) -> None: ...


def open_opencv(source: str, width: int, height: int, fps: float) -> FrameSource:
    """A camera by index ("0") or a video file path, at the resolution and rate asked for."""
    capture = cv2.VideoCapture(int(source) if source.isdigit() else source)
    if not capture.isOpened():
        capture.release()
        raise DeviceNotReady(f"camera {source!r} cannot be opened", "no_camera")
    capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
    capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
    capture.set(cv2.CAP_PROP_FPS, fps)
    capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not one from a second ago
    return capture


class CameraScanner:
    def __init__(self, device: str, source: str, *, width: int = 1280, height: int = 720, fps: float = 15.0,
                 dedupe_window_s: float = DEFAULT_WINDOW_S, decode_budget_s: float = qr_decode.DEFAULT_BUDGET_S,
                 detect_faces: bool = True) -> None:
        self.device = device
        self.source = source
        self.width, self.height, self.fps = width, height, fps
        self.decode_budget_s = decode_budget_s
        self.status = StatusCache(device, STATUS_FIELDS)
        self.channel = CommandChannel(device)
        self.deduper = Deduper(dedupe_window_s)
        self.faces = FaceDetector() if detect_faces else None
        self._capture: FrameSource | None = None
        self._frame_lock = threading.Lock()
        self._last_frame: np.ndarray | None = None
        self.simulator: Any = None  # the simulated camera, with driver = "sim"
        # Frames are read and decoded only while a screen wants them (a code or a face): decoding
        # every frame all day would keep a core busy for nothing.
        self.active = True

    def open(self) -> None:
        """Open the camera and read one frame: a camera that opens but gives no frames is not there."""
        try:
            capture = self.simulator if self.simulator is not None else open_opencv(
                self.source, self.width, self.height, self.fps)
            ok, _ = capture.read()
            if not ok:
                capture.release()
                raise DeviceNotReady(f"camera {self.source!r} opened but gives no frames", "no_camera")
        except DeviceNotReady:
            self.status.update(DeviceState.NO_DEVICE, stream="absent", face="unknown")
            raise
        self._capture = capture
        self.status.update(DeviceState.ONLINE, stream="ok")

    def close(self) -> None:
        if self._capture is not None:
            with contextlib.suppress(cv2.error):
                self._capture.release()
            self._capture = None
        with self._frame_lock:
            self._last_frame = None  # a face may be in it

    def last_frame(self) -> np.ndarray | None:
        """The newest frame, for a preview or a capture sent for verification."""
        with self._frame_lock:
            return None if self._last_frame is None else self._last_frame.copy()

    def poll(self, timeout_s: float = 1.0) -> Completion[str | None]:
        return self.channel.run("read frame", self._poll, timeout_s)

    def _poll(self, deadline: Deadline) -> str | None:
        if not self.active:
            return None
        capture = self._capture
        if capture is None:
            raise DeviceNotReady("the camera is not open", "no_camera")
        ok, frame = capture.read()
        if not ok or frame is None:
            self.status.update(DeviceState.HARDWARE_ERROR, stream="no_frames")
            raise DeviceNotReady("the camera gives no frames", "no_camera")
        with self._frame_lock:
            self._last_frame = frame
        face = "unknown"
        if self.faces is not None:
            face = "present" if self.faces.faces(frame) else "absent"
        self.status.update(DeviceState.ONLINE, stream="ok", face=face)
        for payload in qr_decode.decode(frame, min(self.decode_budget_s, deadline.remaining())):
            if self.deduper.fresh(payload):
                log.info("code seen by the camera (%d characters)", len(payload))
                return payload
        return None


def build(device: str, settings: CameraSettings) -> CameraScanner:
    return open_camera(device, settings.source, settings.fps, settings)


def open_camera(device: str, source: str, fps: float, frames: FrameSettings) -> CameraScanner:
    return CameraScanner(device, source, width=frames.width, height=frames.height, fps=fps,
                         dedupe_window_s=frames.dedupe_window_s, detect_faces=frames.detect_faces)
