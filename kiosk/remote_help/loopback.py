"""The self-test's loopback call: two peers on this terminal, media both ways, frames counted.

It proves what a first real call would otherwise find out in front of a taxpayer: aiortc and
PyAV load from this install, VP8 and Opus encode and decode, DTLS-SRTP completes, and ICE finds
a host candidate on this machine. The kiosk's own camera feeds one side when one is attached;
its configured microphone is tried and named in the result (a missing sound card does not fail
the loopback, it is reported).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from aiortc import RTCPeerConnection

from kiosk.remote_help import devices
from kiosk.remote_help.loop import MediaLoop
from kiosk.remote_help.tracks import CameraTrack, Received, ToneTrack

FRAMES = 10
TIMEOUT_S = 20.0


async def _call(camera: Callable[[], np.ndarray | None], microphone: str) -> dict[str, Any]:
    mic, problem = devices.microphone(microphone)
    kiosk, officer = RTCPeerConnection(), RTCPeerConnection()
    at_kiosk, at_officer = Received(), Received()
    tasks: list[asyncio.Task[None]] = []
    pattern = np.zeros((360, 640, 3), np.uint8)
    pattern[:, ::32] = 255
    kiosk.addTransceiver(mic, direction="sendrecv")
    kiosk.addTransceiver(CameraTrack(camera), direction="sendrecv")
    kiosk.on("track", lambda track: tasks.append(asyncio.ensure_future(at_kiosk.consume(track))))
    officer.on("track", lambda track: tasks.append(asyncio.ensure_future(at_officer.consume(track))))
    try:
        await kiosk.setLocalDescription(await kiosk.createOffer())
        await officer.setRemoteDescription(kiosk.localDescription)
        officer.addTrack(ToneTrack())
        officer.addTrack(CameraTrack(lambda: pattern))
        await officer.setLocalDescription(await officer.createAnswer())
        await kiosk.setRemoteDescription(officer.localDescription)
        started = time.monotonic()
        while min(at_kiosk.video_frames, at_officer.video_frames) < FRAMES or not (
                at_kiosk.audio_frames and at_officer.audio_frames):
            if time.monotonic() - started > TIMEOUT_S:
                break
            await asyncio.sleep(0.1)
        return {"seconds": time.monotonic() - started, "to_officer": at_officer.video_frames,
                "to_kiosk": at_kiosk.video_frames, "audio_in": at_kiosk.audio_frames,
                "audio_out": at_officer.audio_frames, "size": at_officer.size, "microphone": problem}
    finally:
        for task in tasks:
            task.cancel()
        for pc in (kiosk, officer):
            with contextlib.suppress(Exception):
                await pc.close()


def loopback_call(camera: Callable[[], np.ndarray | None], microphone: str) -> dict[str, Any]:
    """Run one loopback call on a media thread of its own (blocks up to TIMEOUT_S: self-test only)."""
    loop = MediaLoop("remote-help loopback")
    try:
        result: dict[str, Any] = loop.submit(_call(camera, microphone)).result(TIMEOUT_S + 10)
        return result
    finally:
        loop.stop()
