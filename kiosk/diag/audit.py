"""Every diagnostics entry, refusal and action, logged and sent to the bureau through the outbox.

An audit row is a transaction like any other (kind `diag_audit`): durable at once, delivered
when the link allows. The write runs in a worker, since the outbox syncs to disk.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from kiosk.tasks import TaskRunner
from offline_queue.outbox import Outbox

log = logging.getLogger(__name__)

AUDIT_KIND = "diag_audit"


class Audit:
    def __init__(self, outbox: Outbox | None, runner: TaskRunner, terminal_id: str) -> None:
        self._outbox = outbox
        self._runner = runner
        self._terminal_id = terminal_id
        self.who = ""  # "pin", or "card:<card id>" while a technician is in

    def _entry(self, action: str, details: dict[str, Any]) -> dict[str, Any]:
        entry = {"terminal_id": self._terminal_id, "action": action, "who": self.who,
                 "at": round(time.time(), 3), **details}
        log.info("diagnostics audit: %s", action, extra={"audit": entry})
        return entry

    def record_now(self, action: str, **details: Any) -> None:
        """In a worker, before an action that may end the process (reboot, shut down)."""
        entry = self._entry(action, details)
        if self._outbox is not None:
            self._outbox.record(AUDIT_KIND, entry)

    def record(self, action: str, **details: Any) -> None:
        """From the GUI thread: queued by a worker."""
        entry = self._entry(action, details)
        outbox = self._outbox
        if outbox is None:
            log.error("diagnostics audit not queued: no outbox", extra={"action": action})
            return
        self._runner.submit(
            lambda: outbox.record(AUDIT_KIND, entry), timeout_s=10, name="diagnostics audit",
            on_failure=lambda exc: log.error("diagnostics audit not queued", extra={
                "action": action, "error": f"{type(exc).__name__}: {exc}"}),
        )
