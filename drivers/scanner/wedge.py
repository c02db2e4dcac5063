"""A USB keyboard-wedge scanner's settings: the scanner types each code as fast keystrokes.

It has no port to open: the app tells its bursts from a person typing by the time between
keys (kiosk/wedge.py, a Qt event filter). The registry entry is here so the config names it
like every other scanner.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from drivers.registry import REGISTRY, DriverSpec
from drivers.scanner.dedupe import DedupeSettings


@dataclass(frozen=True)
class WedgeSettings:
    device: str
    max_gap_s: float  # keys closer than this belong to one scan; a person is slower
    min_length: int  # fewer keys than this in a burst are typing, not a scan
    dedupe_window_s: float


class WedgeConfig(DedupeSettings):
    max_gap_ms: float = Field(35.0, gt=0, le=1000,
                              description="longest pause between a scanner's keystrokes; people type slower")
    min_length: int = Field(4, ge=1, le=100, description="shortest code a scan can be")


def build(device: str, settings: WedgeConfig) -> WedgeSettings:
    return WedgeSettings(device, settings.max_gap_ms / 1000, settings.min_length, settings.dedupe_window_s)


REGISTRY.register(DriverSpec("scanner", "keyboard_wedge", build, WedgeConfig))
