"""Restart the app, reboot or shut down the terminal: through one runner that tests replace.

Restarting the app is leaving the event loop with `RESTART_EXIT_CODE`; the service manager
(systemd `Restart=always`) starts it again. Reboot and power-off ask systemd.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable

log = logging.getLogger(__name__)

RESTART_EXIT_CODE = 75
SYSTEM_COMMANDS = {
    "reboot": ["systemctl", "reboot"],
    "shutdown": ["systemctl", "poweroff"],
}


class CommandRunner:
    """Restart, reboot, shut down; `run` is called in a worker and raises with what failed."""

    def __init__(self, exit_app: Callable[[int], None]) -> None:
        self._exit_app = exit_app

    def run(self, action: str) -> str:
        if action == "restart":
            self._exit_app(RESTART_EXIT_CODE)
            return "leaving for a restart"
        argv = SYSTEM_COMMANDS[action]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}: {result.stderr.strip()[:300]}")
        return result.stdout.strip()
