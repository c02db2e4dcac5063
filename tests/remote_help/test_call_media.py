"""A real call between the kiosk's media side (aiortc) and an officer's console in Chromium.

No Qt here: the call object itself, on its media thread, against the bureau served on a loopback
port. Frames are counted where they are decoded, on both sides.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy.engine import Engine

sys.path.append(str(Path(__file__).parent))
from officer_browser import Officer, officer_chromium, wait_for  # noqa: E402

from bureau import store  # noqa: E402
from bureau.app import create_app  # noqa: E402
from bureau.auth import add_terminal  # noqa: E402
from kiosk.remote_help.call import CallSetup, RemoteCall  # noqa: E402
from kiosk.remote_help.loop import MediaLoop  # noqa: E402
from kiosk.remote_help.tracks import CameraTrack, ScreenTrack, ToneTrack  # noqa: E402

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with officer_chromium() as b:
        yield b


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = store.open_engine(f"sqlite:///{tmp_path / 'bureau.sqlite3'}")
    yield eng
    eng.dispose()


@pytest.fixture
def media_loop() -> Iterator[MediaLoop]:
    loop = MediaLoop()
    yield loop
    loop.stop()


def test_frames_and_sound_both_ways_then_the_officer_hangs_up(
    browser: Any, engine: Engine, live_server: Any, media_loop: MediaLoop
) -> None:
    base = live_server(create_app(engine))
    officer = Officer(browser, base, engine)
    key = bytes.fromhex(add_terminal(engine, "T-0001"))
    picture = np.zeros((720, 1280, 3), np.uint8)
    picture[:, :640] = (0, 0, 255)  # the camera: left half red, right half black
    events: list[tuple[str, dict[str, Any]]] = []
    screen = ScreenTrack()
    call = RemoteCall(CallSetup(base, "T-0001", key, "天河大厅", "vehicle_tax"), CameraTrack(lambda: picture),
                      screen, ToneTrack(), lambda kind, data: events.append((kind, data)),
                      {"services": [{"id": "vehicle_tax", "title": "车船税"}], "guides": []})
    messages: list[str] = []
    call.on_message = messages.append
    running = media_loop.submit(call.run())

    wait_for(lambda: officer.waiting())
    assert "天河大厅 · T-0001 · vehicle_tax" in officer.waiting()[0]
    assert ("queued", {"position": 1, "estimate_s": 240}) in events
    officer.accept_first()
    wait_for(lambda: ("connected", {}) in events)

    def decoded() -> dict[str, Any] | None:
        video = officer.stats()["video"]
        return video[0] if video and video[0]["framesDecoded"] >= 20 else None

    seen = wait_for(decoded)
    assert (seen["width"], seen["height"]) == (640, 360)  # the camera, scaled for the call
    wait_for(lambda: call.received.video_frames >= 20)
    assert call.received.size[0] > 0 and call.received.newest() is not None
    wait_for(lambda: officer.stats()["audio"] and officer.stats()["audio"][0]["energy"] > 0.001)  # the tone
    wait_for(lambda: call.received.audio_frames > 25)  # Chromium's fake microphone

    screen.push(np.full((400, 640, 3), 200, np.uint8))  # shared: the second video now carries frames
    wait_for(lambda: len([v for v in officer.stats()["video"] if v["framesDecoded"] > 0]) == 2)

    officer.act("#open-service", select={"#service": "vehicle_tax"})
    wait_for(lambda: messages)
    assert '"action":"open_service"' in messages[0] and '"service":"vehicle_tax"' in messages[0]

    officer.act("#hangup")
    running.result(10)
    assert events[-1] == ("ended", {"by": "officer", "reason": "hangup"})
    officer.close()


def test_the_kiosk_hangs_up(browser: Any, engine: Engine, live_server: Any, media_loop: MediaLoop) -> None:
    base = live_server(create_app(engine))
    officer = Officer(browser, base, engine)
    key = bytes.fromhex(add_terminal(engine, "T-0002"))
    events: list[tuple[str, dict[str, Any]]] = []
    call = RemoteCall(CallSetup(base, "T-0002", key, "村服务点", ""), CameraTrack(lambda: None), ScreenTrack(),
                      ToneTrack(), lambda kind, data: events.append((kind, data)), {"services": [], "guides": []})
    running = media_loop.submit(call.run())
    wait_for(lambda: officer.waiting())
    officer.accept_first()
    wait_for(lambda: ("connected", {}) in events)
    assert officer.in_call()
    media_loop.submit(call.hang_up()).result(10)
    running.result(10)
    wait_for(lambda: not officer.in_call())
    assert "对方已挂断" in officer.page.inner_text("#log")
    officer.close()
