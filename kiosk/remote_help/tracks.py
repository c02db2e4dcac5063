"""The call's media: the kiosk's camera, its window and its microphone out; the officer's in.

Outgoing video is drawn from what the GUI or the camera worker already produced (the newest
frame), never by waiting on a device here. Incoming frames are counted and the newest video
frame kept for the panel; audio goes to the speaker when one is configured.
"""

from __future__ import annotations

import asyncio
import fractions
import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
from aiortc import MediaStreamTrack
from aiortc.mediastreams import MediaStreamError
from av import AudioFrame, VideoFrame

log = logging.getLogger(__name__)

VIDEO_CLOCK = 90_000
VIDEO_BASE = fractions.Fraction(1, VIDEO_CLOCK)
CAMERA_SIZE = (640, 360)
AUDIO_RATE, AUDIO_PTIME = 48_000, 0.02


class _Paced(MediaStreamTrack):
    """A video track that sends at `fps`, timestamped by the wall clock."""

    kind = "video"

    def __init__(self, fps: float) -> None:
        super().__init__()
        self.period = 1.0 / fps
        self._start: float | None = None
        self._next = 0.0
        self.sent = 0

    async def _tick(self) -> int:
        if self.readyState != "live":
            raise MediaStreamError
        now = time.monotonic()
        if self._start is None:
            self._start = self._next = now
        self._next += self.period
        await asyncio.sleep(max(0.0, self._next - now))
        self.sent += 1
        return int((time.monotonic() - self._start) * VIDEO_CLOCK)

    @staticmethod
    def _frame(bgr: np.ndarray, pts: int) -> VideoFrame:
        frame = VideoFrame.from_ndarray(bgr, format="bgr24")
        frame.pts, frame.time_base = pts, VIDEO_BASE
        return frame


class CameraTrack(_Paced):
    """The camera the face step also uses: its newest frame, scaled down; dark while it has none."""

    def __init__(self, newest: Callable[[], np.ndarray | None], fps: float = 15.0) -> None:
        super().__init__(fps)
        self._newest = newest
        self._blank = np.full((CAMERA_SIZE[1], CAMERA_SIZE[0], 3), 32, np.uint8)

    async def recv(self) -> VideoFrame:
        pts = await self._tick()
        bgr = self._newest()
        if bgr is None:
            bgr = self._blank
        elif (bgr.shape[1], bgr.shape[0]) != CAMERA_SIZE:
            bgr = cv2.resize(bgr, CAMERA_SIZE, interpolation=cv2.INTER_AREA)
        return self._frame(bgr, pts)


class ScreenTrack(_Paced):
    """The kiosk's own window, pushed by the GUI thread; nothing is sent until the taxpayer shares."""

    def __init__(self, fps: float = 2.0) -> None:
        super().__init__(fps)
        self._lock = threading.Lock()
        self._image: np.ndarray | None = None

    def push(self, bgr: np.ndarray | None) -> None:
        """The newest (masked) picture of the window, or None to stop sending."""
        with self._lock:
            self._image = bgr

    async def recv(self) -> VideoFrame:
        while True:
            pts = await self._tick()
            with self._lock:
                image = self._image
            if image is not None:
                return self._frame(image, pts)


class ToneTrack(MediaStreamTrack):
    """A steady 440 Hz tone: the microphone of tests and of the loopback self-test (like Chromium's fake device)."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._samples = 0
        self._start: float | None = None

    async def recv(self) -> AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        n = int(AUDIO_RATE * AUDIO_PTIME)
        now = time.monotonic()
        if self._start is None:
            self._start = now
        await asyncio.sleep(max(0.0, self._start + self._samples / AUDIO_RATE - now))
        t = (np.arange(n) + self._samples) / AUDIO_RATE
        pcm = (0.2 * 32767 * np.sin(2 * math.pi * 440 * t)).astype(np.int16).reshape(1, -1)
        frame = AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.pts, frame.sample_rate, frame.time_base = self._samples, AUDIO_RATE, fractions.Fraction(1, AUDIO_RATE)
        self._samples += n
        return frame


class Received:
    """What arrives from the officer: counts, sizes, loudness, and the newest picture for the panel."""

    def __init__(self) -> None:
        self.video_frames = 0
        self.audio_frames = 0
        self.size = (0, 0)
        self.audio_peak = 0
        self.first_frame_at: float | None = None
        self._lock = threading.Lock()
        self._newest: np.ndarray | None = None
        self.on_frame: Callable[[], None] = lambda: None

    def newest(self) -> np.ndarray | None:
        with self._lock:
            return self._newest

    async def consume(self, track: MediaStreamTrack, play: Callable[[Any], None] | None = None) -> None:
        try:
            while True:
                frame: Any = await track.recv()
                if track.kind == "video":
                    rgb = frame.to_ndarray(format="rgb24")
                    with self._lock:
                        self._newest = rgb
                    self.video_frames += 1
                    self.size = (rgb.shape[1], rgb.shape[0])
                    if self.first_frame_at is None:
                        self.first_frame_at = time.monotonic()
                    self.on_frame()
                else:
                    self.audio_frames += 1
                    if self.audio_frames % 25 == 0:  # twice a second is enough to tell a live line
                        self.audio_peak = int(np.abs(frame.to_ndarray()).max())
                    if play is not None:
                        play(frame)
        except MediaStreamError:
            pass

    def clear(self) -> None:
        with self._lock:
            self._newest = None
