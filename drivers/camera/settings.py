"""The camera's `[devices.camera]` settings, registered with the driver registry.

Kept apart from the driver code so that checking a config loads neither OpenCV nor numpy.
"""

from __future__ import annotations

from pydantic import Field

from drivers.registry import REGISTRY, DriverSpec, lazy
from drivers.scanner.settings import DedupeSettings


class FrameSettings(DedupeSettings):
    """What the real camera and its simulator share."""

    width: int = Field(1280, ge=160, le=7680, description="frame width asked of the camera")
    height: int = Field(720, ge=120, le=4320, description="frame height asked of the camera")
    detect_faces: bool = Field(True, description="look for a face in each frame (identity step)")


class CameraSettings(FrameSettings):
    source: str = Field("0", min_length=1, description="camera index (0 = first camera) or a video file")
    fps: float = Field(15.0, ge=1, le=120, description="frames per second asked of the camera")


class SimCameraSettings(FrameSettings):
    play: str = Field("", description="a folder of images or a video file to play in a loop; empty: an empty hall")


REGISTRY.register(DriverSpec("camera", "opencv", lazy("drivers.camera.capture", "build"), CameraSettings))
REGISTRY.register(DriverSpec("camera", "sim", lazy("drivers.camera.sim", "build"), SimCameraSettings))
