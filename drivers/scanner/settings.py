"""The scanners' `[devices.scanner]` settings, registered with the driver registry.

Kept apart from the driver code so that checking a config loads no serial or decoding code.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from drivers.registry import REGISTRY, DriverSpec, lazy
from drivers.settings import Strict

DEFAULT_WINDOW_S = 2.0


class DedupeSettings(Strict):
    """Settings of every driver that reads codes (scanners, the camera)."""

    dedupe_window_s: float = Field(DEFAULT_WINDOW_S, ge=0, le=60,
                                   description="the same code again within this time is one scan")


class LineSettings(DedupeSettings):
    """What a line scanner and its simulator share."""

    terminator: Literal["cr", "crlf", "lf", "tab"] = Field("cr", description="what ends each code")


class SerialScannerSettings(LineSettings):
    port: str = Field(min_length=1, description="serial device of the scanner, e.g. /dev/ttyACM0 or COM4")
    baudrate: int = Field(9600, ge=1200, le=921600, description="as set on the scanner; 9600 or 115200 are common")


class WedgeConfig(DedupeSettings):
    max_gap_ms: float = Field(35.0, gt=0, le=1000,
                              description="longest pause between a scanner's keystrokes; people type slower")
    min_length: int = Field(4, ge=1, le=100, description="shortest code a scan can be")


REGISTRY.register(DriverSpec("scanner", "serial_line", lazy("drivers.scanner.serial_scanner", "build"),
                             SerialScannerSettings))
REGISTRY.register(DriverSpec("scanner", "sim", lazy("drivers.scanner.sim", "build"), LineSettings))
REGISTRY.register(DriverSpec("scanner", "keyboard_wedge", lazy("drivers.scanner.wedge", "build"), WedgeConfig))
