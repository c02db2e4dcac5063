"""A USB keyboard-wedge scanner's settings: the scanner types each code as fast keystrokes.

It has no port to open: the app tells its bursts from a person typing by the time between
keys (kiosk/wedge.py, a Qt event filter). The registry entry is here so the config names it
like every other scanner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from drivers.registry import REGISTRY, DriverSpec, Setting
from drivers.scanner.dedupe import WINDOW_SETTING


@dataclass(frozen=True)
class WedgeSettings:
    device: str
    max_gap_s: float  # keys closer than this belong to one scan; a person is slower
    min_length: int  # fewer keys than this in a burst are typing, not a scan
    dedupe_window_s: float


def build(device: str, settings: Mapping[str, Any]) -> WedgeSettings:
    return WedgeSettings(device, settings["max_gap_ms"] / 1000, settings["min_length"], settings["dedupe_window_s"])


REGISTRY.register(DriverSpec("scanner", "keyboard_wedge", build, (
    Setting("max_gap_ms", float, 35.0, "longest pause between a scanner's keystrokes; people type slower"),
    Setting("min_length", int, 4, "shortest code a scan can be"),
    WINDOW_SETTING,
)))
