"""One call's media side, built on the media thread: tracks, sound devices, the call itself.

Imported only when a taxpayer places a call (aiortc and PyAV take seconds to load on a busy
terminal, and memory a kiosk that never calls need not spend); the controller imports it in a
worker first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kiosk.remote_help import devices
from kiosk.remote_help.call import CallSetup, Emit, RemoteCall  # noqa: F401 (CallSetup: for the controller)
from kiosk.remote_help.tracks import CameraTrack, ScreenTrack


async def run_call(setup: CallSetup, config: Any, camera: Callable[[], np.ndarray | None], hello: dict[str, Any],
                   emit: Emit, started: Callable[[RemoteCall], None]) -> None:
    """Open the sound devices, then run the call until it ends (`started(call)` once it exists)."""
    mic, mic_problem = devices.microphone(config.microphone)
    speaker, speaker_problem = devices.speaker(config.speaker)
    for problem in (mic_problem, speaker_problem):
        if problem:
            emit("device", {"problem": problem})
    call = RemoteCall(setup, CameraTrack(camera, config.camera_fps), ScreenTrack(config.screen_fps), mic, emit,
                      hello, speaker)
    call.on_message = lambda raw: emit("message", raw)
    started(call)
    await call.run()
