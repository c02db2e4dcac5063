"""Puts 视频帮办 on a built kiosk (called by kiosk.assembly), unless the config turns it off.

aiortc and PyAV take seconds to import on a busy terminal: they load in a worker, and the
button appears when they are in. An install whose media libraries are broken gets a log line
for the technician and a kiosk without the button, not a kiosk that does not start.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

from kiosk.sync_client import read_terminal_key

log = logging.getLogger(__name__)
LOAD_TIMEOUT_S = 300.0


def attach_remote_help(kiosk: Any) -> None:
    """Sets `kiosk.remote_help` once the media libraries are loaded (nothing when disabled)."""
    if not kiosk.config.remote_help.enabled:
        return
    key_file = kiosk.config.bureau.terminal_key_file
    key = read_terminal_key(Path(key_file).expanduser()) if key_file else b""

    def loaded(module: Any) -> None:
        kiosk.remote_help = module.RemoteHelp(kiosk, key)

    kiosk.runner.submit(lambda: importlib.import_module("kiosk.remote_help.controller"), LOAD_TIMEOUT_S,
                        on_success=loaded, name="load remote help",
                        on_failure=lambda exc: log.error("video help unavailable: its media libraries do not load",
                                                         extra={"error": f"{type(exc).__name__}: {exc}"}))
