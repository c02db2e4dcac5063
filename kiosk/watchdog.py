"""systemd service notification (sd_notify) and its watchdog, pinged from the GUI loop.

The unit (`Type=notify`, `WatchdogSec=`) gives the kiosk `NOTIFY_SOCKET` and `WATCHDOG_USEC`. The
pings come from a QTimer on the GUI thread, so a frozen screen (a blocked GUI thread, a deadlock,
a stopped process) stops them and systemd restarts the service; a worker thread would keep pinging
behind a dead screen. The protocol is one datagram of `KEY=VALUE` lines to a Unix socket
(sd_notify(3)); a name starting with "@" is in the abstract namespace.

`WATCHDOG_PID` is not checked: under cage the kiosk is the compositor's child, not the unit's main
process, so the unit sets `NotifyAccess=all`.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


def notify(message: str, socket_path: str) -> bool:
    """Send one sd_notify datagram; False (logged) if it could not be sent."""
    address = "\0" + socket_path[1:] if socket_path.startswith("@") else socket_path
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(message.encode("utf-8"), address)
    except OSError as exc:
        log.warning("sd_notify failed", extra={"socket": socket_path, "error": str(exc)})
        return False
    return True


class SystemdWatchdog(QObject):
    """READY=1 once the GUI loop runs, then WATCHDOG=1 at half the watchdog interval, STOPPING=1 at exit."""

    def __init__(self, env: Mapping[str, str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        env = os.environ if env is None else env
        self.socket_path = env.get("NOTIFY_SOCKET") or None
        usec = env.get("WATCHDOG_USEC", "")
        self.interval_ms = max(int(usec) // 2000, 1) if usec.isdigit() and int(usec) > 0 else 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.ping)

    def start(self) -> None:
        """Call before the event loop starts: READY=1 goes out from its first turn."""
        if self.socket_path is None:
            return
        QTimer.singleShot(0, self._ready)
        if self.interval_ms:
            self._timer.start(self.interval_ms)
        log.info("systemd notification on", extra={"watchdog_ms": self.interval_ms or None})

    def _ready(self) -> None:
        if self.socket_path is not None:
            notify("READY=1\nSTATUS=kiosk screen up", self.socket_path)

    def ping(self) -> None:
        if self.socket_path is not None:
            notify("WATCHDOG=1", self.socket_path)

    def stopping(self) -> None:
        self._timer.stop()
        if self.socket_path is not None:
            notify("STOPPING=1", self.socket_path)
