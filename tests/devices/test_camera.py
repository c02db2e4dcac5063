"""The camera driver on the simulated camera: codes decoded once per presentation, faces noticed, faults."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from drivers.base import Completion, CompletionCode, DeviceNotReady, DeviceState
from drivers.camera.capture import CameraScanner
from drivers.camera.sim import SimulatedCamera, code_frame, drawn_face
from drivers.registry import DriverConfigError, load_builtin_drivers
from drivers.supervisor import Supervisor
from kiosk.config import DeviceConfig
from taxcore.backoff import Backoff

PAYLOAD = "https://etax.example.gov.cn/inv?d=44010026000123-100.00"


def _camera(**kwargs: Any) -> CameraScanner:
    camera = CameraScanner("camera", "sim", dedupe_window_s=0.4, **kwargs)
    camera.simulator = SimulatedCamera()
    camera.open()
    return camera


def test_a_presented_code_is_read_once() -> None:
    camera = _camera()
    camera.simulator.present(code_frame(PAYLOAD, blur_sigma=1.0))
    values = [camera.poll().value for _ in range(5)]
    assert values[0] == PAYLOAD and values[1:] == [None] * 4  # held up for five frames: one scan
    time.sleep(0.5)  # taken away longer than the window and shown again: a new scan
    assert camera.poll().value == PAYLOAD


def test_an_empty_hall_reads_nothing_and_sees_no_face() -> None:
    camera = _camera()
    done = camera.poll()
    assert done.ok and done.value is None
    assert camera.status.snapshot().fields["face"] == "absent"


def test_face_presence() -> None:
    camera = _camera()
    camera.simulator.present(drawn_face())
    camera.poll()
    assert camera.status.snapshot().fields["face"] == "present"
    camera.simulator.present(None)
    camera.poll()
    assert camera.status.snapshot().fields["face"] == "absent"


def test_plays_a_folder_of_images(tmp_path: Path) -> None:
    for i, payload in enumerate(["first", "second"]):
        cv2.imwrite(str(tmp_path / f"{i}.png"), code_frame(payload, blur_sigma=1.0))
    camera = CameraScanner("camera", "sim", detect_faces=False)
    camera.simulator = SimulatedCamera(play=str(tmp_path))
    camera.open()
    assert {camera.poll().value for _ in range(2)} == {"first", "second"}  # played in a loop


def _video(path: Path, payload: str, frames: int = 6) -> Path:
    """A short clip: empty frames, then the code held up (MJPG, which every OpenCV build writes)."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 15, (1280, 720))
    assert writer.isOpened()
    for i in range(frames):
        empty = np.full((720, 1280, 3), 120, np.uint8)
        writer.write(code_frame(payload, blur_sigma=1.0) if i >= frames // 2 else empty)
    writer.release()
    return path


def test_the_opencv_capture_reads_a_video_file_once_per_presentation(tmp_path: Path) -> None:
    """The real capture path (cv2.VideoCapture, as for a USB camera) with a file as its source."""
    camera = CameraScanner("camera", str(_video(tmp_path / "clip.avi", PAYLOAD)), width=640, height=480, fps=10.0,
                           detect_faces=False)
    camera.open()
    try:
        values = [camera.poll().value for _ in range(5)]  # the open took the first frame
        assert values.count(PAYLOAD) == 1 and values.index(PAYLOAD) >= 1
        assert camera.status.snapshot().as_dict() == {"state": "online", "stream": "ok", "face": "unknown"}
    finally:
        camera.close()


def test_a_source_that_is_not_a_camera_is_no_device(tmp_path: Path) -> None:
    camera = CameraScanner("camera", str(tmp_path / "missing.avi"), detect_faces=False)
    with pytest.raises(DeviceNotReady, match="cannot be opened"):
        camera.open()
    assert camera.status.snapshot().as_dict() == {"state": "no_device", "stream": "absent", "face": "unknown"}


def test_the_simulator_plays_a_video_in_a_loop(tmp_path: Path) -> None:
    camera = CameraScanner("camera", "sim", dedupe_window_s=0.0, detect_faces=False)
    camera.simulator = SimulatedCamera(play=str(_video(tmp_path / "loop.avi", "LOOP-1", frames=4)))
    camera.open()
    values = [camera.poll().value for _ in range(8)]  # twice through the clip
    assert values.count("LOOP-1") >= 2


def test_a_camera_that_stops_giving_frames_is_reopened(wait_until: Callable[..., None]) -> None:
    camera = CameraScanner("camera", "sim", detect_faces=False)
    camera.simulator = SimulatedCamera()
    results: list[Completion[Any]] = []
    supervisor = Supervisor("camera", camera.status, camera.open, camera.close, camera.poll,
                            on_result=results.append, interval_s=0.02, backoff=Backoff(initial_s=0.1, max_s=0.5))
    supervisor.start()
    try:
        wait_until(lambda: camera.status.state is DeviceState.ONLINE)
        camera.simulator.unplug()
        wait_until(lambda: camera.status.state in (DeviceState.NO_DEVICE, DeviceState.HARDWARE_ERROR))
        assert any(r.code is CompletionCode.DEVICE_NOT_READY for r in results)
        camera.simulator.replug()
        camera.simulator.present_code("back")
        wait_until(lambda: any(r.value == "back" for r in results), 5.0)
    finally:
        supervisor.stop()


def test_registry_builds_the_simulated_camera_and_refuses_an_empty_folder(tmp_path: Path) -> None:
    registry = load_builtin_drivers()

    assert isinstance(registry.build("camera", DeviceConfig(driver="sim")), CameraScanner)
    with pytest.raises(DriverConfigError, match="no images or video"):
        registry.build("camera", DeviceConfig(driver="sim", settings={"play": str(tmp_path)}))
