"""A USB keyboard-wedge scanner's settings: the scanner types each code as fast keystrokes.

It has no port to open: the app tells its bursts from a person typing by the time between
keys (kiosk/wedge.py, a Qt event filter). Its settings are registered in drivers/scanner/settings.py
like every other scanner's.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.scanner.settings import WedgeConfig


@dataclass(frozen=True)
class WedgeSettings:
    device: str
    max_gap_s: float  # keys closer than this belong to one scan; a person is slower
    min_length: int  # fewer keys than this in a burst are typing, not a scan
    dedupe_window_s: float


def build(device: str, settings: WedgeConfig) -> WedgeSettings:
    return WedgeSettings(device, settings.max_gap_ms / 1000, settings.min_length, settings.dedupe_window_s)
