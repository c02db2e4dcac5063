"""Puts 视频帮办 on a built kiosk (called by kiosk.assembly), unless the config turns it off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.sync_client import read_terminal_key


def attach_remote_help(kiosk: Any) -> None:
    """Sets `kiosk.remote_help` (the media libraries load later, with the first call)."""
    if not kiosk.config.remote_help.enabled:
        return
    from kiosk.remote_help.controller import RemoteHelp

    key_file = kiosk.config.bureau.terminal_key_file
    key = read_terminal_key(Path(key_file).expanduser()) if key_file else b""
    kiosk.remote_help = RemoteHelp(kiosk, key)
