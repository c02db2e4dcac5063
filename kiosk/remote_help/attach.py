"""Puts 视频帮办 on a built kiosk (called by kiosk.assembly), unless the config turns it off."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kiosk.sync_client import read_terminal_key

log = logging.getLogger(__name__)


def attach_remote_help(kiosk: Any) -> Any:
    """The controller, or None when `[remote_help] enabled = false`."""
    if not kiosk.config.remote_help.enabled:
        return None
    from kiosk.remote_help.controller import RemoteHelp  # aiortc and PyAV load only when used

    key_file = kiosk.config.bureau.terminal_key_file
    key = read_terminal_key(Path(key_file).expanduser()) if key_file else b""
    kiosk.remote_help = RemoteHelp(kiosk, key)
    return kiosk.remote_help
