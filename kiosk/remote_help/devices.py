"""The call's microphone and speaker, opened on the media thread (a sound device may be slow or absent).

A spec is "alsa:default" (PyAV's input/output format, then the device), "tone" (a test tone:
tests, the loopback self-test) or "" (none: silence goes out, nothing is played).
"""

from __future__ import annotations

import logging
from typing import Any

from aiortc import MediaStreamTrack
from aiortc.contrib.media import MediaPlayer, MediaRecorder
from aiortc.mediastreams import AudioStreamTrack

from kiosk.remote_help.tracks import ToneTrack

log = logging.getLogger(__name__)


def microphone(spec: str) -> tuple[MediaStreamTrack, str]:
    """(the track to send, a problem for the technician's log or "")."""
    if spec == "tone":
        return ToneTrack(), ""
    if not spec:
        return AudioStreamTrack(), ""
    fmt, _, device = spec.partition(":")
    try:
        player = MediaPlayer(device or "default", format=fmt)
    except Exception as exc:  # noqa: BLE001 (PyAV raises many kinds; the call goes on without a microphone)
        log.warning("remote help: microphone not available", extra={"device": spec, "error": type(exc).__name__})
        return AudioStreamTrack(), f"microphone {spec}: {type(exc).__name__}"
    if player.audio is None:
        return AudioStreamTrack(), f"microphone {spec}: no audio stream"
    return player.audio, ""


def speaker(spec: str) -> tuple[Any, str]:
    """(an aiortc MediaRecorder playing to the speaker, or None; a problem or "")."""
    if not spec or spec == "tone":
        return None, ""
    fmt, _, device = spec.partition(":")
    try:
        return MediaRecorder(device or "default", format=fmt), ""
    except Exception as exc:  # noqa: BLE001
        log.warning("remote help: speaker not available", extra={"device": spec, "error": type(exc).__name__})
        return None, f"speaker {spec}: {type(exc).__name__}"
