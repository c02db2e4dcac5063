"""The sync worker: drains the outbox to the bureau in batches and sends heartbeats.

Delivery is at-least-once and the bureau deduplicates by UUID, so the effect is exactly-once:
any doubt (timeout, reset, a 5xx, a crash) puts rows back to pending to be sent again.
Network faults and 5xx back off exponentially with jitter; 401/403 pause the queue (nothing
is dropped) and raise an alert, since retrying with a key the bureau refuses cannot help.
A batch the bureau refuses as malformed is halved until the one bad row is found and set
aside as rejected, so one failing record never freezes the queue.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from offline_queue.outbox import Item, Outbox
from taxcore.backoff import Backoff

log = logging.getLogger(__name__)

BATCH_PATH = "/v1/transactions/batch"
HEARTBEAT_PATH = "/v1/heartbeat"
PAUSED_META = "paused"
LAST_SYNC_META = "last_sync_ts"


class TransportError(Exception):
    """The request may or may not have reached the bureau (refused, reset, timed out)."""


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any  # parsed JSON, or None when the body was not JSON


class Transport(Protocol):
    """Posts signed JSON to the bureau; `kiosk.sync_client.BureauClient` is the real one."""

    def post_json(self, path: str, body: dict[str, Any], timeout_s: float) -> Reply: ...


@dataclass(frozen=True)
class SyncSettings:
    terminal_id: str
    batch_size: int = 100
    timeout_s: float = 10.0
    backoff_base_s: float = 1.0
    backoff_cap_s: float = 300.0
    idle_poll_s: float = 5.0
    heartbeat_interval_s: float = 60.0
    retention_s: float = 30 * 86400
    purge_interval_s: float = 3600.0
    version: str = ""
    build: str = ""


@dataclass(frozen=True)
class SyncStatus:
    """Live state for the status strip and diagnostics."""

    link: str = "unknown"  # "up", "down" or "unknown"
    paused: str | None = None  # why the queue is paused (401/403), else None
    pending: int = 0
    rejected: int = 0
    oldest_pending_ts: float | None = None
    last_sync_ts: float | None = None
    last_error: str | None = None
    counters: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def oldest_pending_age_s(self) -> float | None:
        return None if self.oldest_pending_ts is None else max(0.0, time.time() - self.oldest_pending_ts)


class SyncWorker:
    """One thread per terminal. `run_once` does one step synchronously (tests, CLI)."""

    def __init__(
        self,
        outbox: Outbox,
        transport: Transport,
        settings: SyncSettings,
        devices: Callable[[], dict[str, dict[str, Any]]] = dict,
        on_status: Callable[[SyncStatus], None] | None = None,
        on_alert: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self.outbox, self.transport, self.settings = outbox, transport, settings
        self._devices, self._on_status, self._on_alert, self._clock = devices, on_status, on_alert, clock
        # after n failures in a row: uniform in [c/2, c] where c = min(cap, base·2ⁿ)
        self._backoff = Backoff(settings.backoff_base_s, 2.0, settings.backoff_cap_s, jitter=0.5)
        self._failures = 0
        self._limit = settings.batch_size
        self._not_before = 0.0
        self._next_heartbeat = 0.0
        self._next_purge = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._status_lock = threading.Lock()
        self._status = SyncStatus(counters={"accepted": 0, "duplicate": 0, "rejected": 0, "failures": 0})
        self.outbox.recover()
        self.outbox.subscribe(self.wake)
        self._refresh_status()

    # -- control ---------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="outbox-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout_s)

    def wake(self) -> None:
        """Something was recorded or a technician acted: look again now."""
        self._wake.set()

    def resume(self) -> None:
        """Lift a 401/403 pause (after the key was fixed) and retry at once."""
        self.outbox.set_meta(PAUSED_META, None)
        self._not_before = 0.0
        self._failures = 0
        log.info("outbox sync resumed")
        self._refresh_status()
        self.wake()

    def _next_delay(self) -> float:
        """The wait after one more failure in a row."""
        self._failures += 1
        return self._backoff.delay(self._failures - 1)

    @property
    def status(self) -> SyncStatus:
        with self._status_lock:
            return self._status

    # -- the loop --------------------------------------------------------------------------

    def _run(self) -> None:
        log.info("outbox sync started")
        while not self._stop.is_set():
            try:
                wait_s = self.run_once()
            except Exception:  # a bug must not kill the worker; rows in flight go back to pending
                log.exception("outbox sync step failed")
                wait_s = self._next_delay()
                try:
                    self.outbox.recover()
                except Exception:
                    log.exception("outbox recovery after a failed step failed")
            self._wake.wait(wait_s)
            self._wake.clear()
        log.info("outbox sync stopped")

    def run_once(self) -> float:
        """Heartbeat and purge when due, then send one batch; returns seconds to wait before the next step."""
        now = time.monotonic()
        if now >= self._next_purge:
            self._next_purge = now + self.settings.purge_interval_s
            purged = self.outbox.purge_synced(self.settings.retention_s)
            if purged:
                log.info("outbox purged %d synced rows past retention", purged)
            if self.outbox.clamp_due(self.settings.backoff_cap_s):
                log.warning("the clock went back: rows waiting beyond the longest backoff are due now")
        if self.outbox.get_meta(PAUSED_META):
            self._refresh_status()
            return self.settings.idle_poll_s
        if now >= self._next_heartbeat and now >= self._not_before:
            self._next_heartbeat = now + self.settings.heartbeat_interval_s
            if not self._send_heartbeat():
                return self.settings.idle_poll_s  # paused by the answer
        if time.monotonic() < self._not_before:
            return max(0.0, self._not_before - time.monotonic())
        sent = self._send_batch()
        self._refresh_status()
        if sent:
            return 0.0
        now = time.monotonic()
        waits = [self.settings.idle_poll_s, self._next_heartbeat - now]
        if self._not_before > now:
            waits.append(self._not_before - now)
        return max(0.0, min(waits))

    def drain(self, deadline_s: float = 60.0) -> bool:
        """Run steps until nothing is pending (True) or the deadline passes or sync is paused."""
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            if self.outbox.backlog().pending == 0:
                return True
            if self.outbox.get_meta(PAUSED_META):
                return False
            wait_s = self.run_once()
            if wait_s:
                time.sleep(min(wait_s, max(0.0, end - time.monotonic())))
        return self.outbox.backlog().pending == 0

    # -- batches ---------------------------------------------------------------------------

    def _send_batch(self) -> bool:
        """Send one batch; True if it got somewhere (so the next may follow at once)."""
        items = self.outbox.claim_due(self._limit)
        if not items:
            return False
        body = {"terminal_id": self.settings.terminal_id, "items": [i.wire() for i in items]}
        try:
            reply = self.transport.post_json(BATCH_PATH, body, self.settings.timeout_s)
        except TransportError as exc:
            self._transient(items, f"network: {exc}")
            return False
        if reply.status == 200:
            return self._apply(items, reply.body)
        if reply.status in (401, 403):
            self.outbox.release([i.id for i in items], count_attempt=False)
            self._pause(reply)
            return False
        if reply.status == 429 or reply.status >= 500:
            self._transient(items, f"HTTP {reply.status}: {_error_text(reply)}")
            return False
        self._refused(items, reply)
        return True

    def _apply(self, items: list[Item], body: Any) -> bool:
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            self._transient(items, "bureau answered 200 without results")
            return False
        answers = {r.get("id"): r for r in results if isinstance(r, dict)}
        synced: list[str] = []
        rejected: dict[str, str] = {}
        unanswered: list[Item] = []
        counters = dict(self.status.counters)
        for item in items:
            answer = answers.get(item.id) or {}
            state = answer.get("status")
            if state in ("accepted", "duplicate"):
                synced.append(item.id)
                counters[state] += 1
            elif state == "rejected":
                rejected[item.id] = str(answer.get("reason") or "rejected by the bureau")
                counters["rejected"] += 1
            else:
                unanswered.append(item)
        self.outbox.mark_synced(synced)
        if rejected:
            self.outbox.mark_rejected(rejected)
            log.warning("bureau rejected %d transaction(s): %s", len(rejected),
                        "; ".join(f"{i}: {r}" for i, r in rejected.items()))
        if unanswered:  # kept, but not allowed to hold up the rows behind them
            delay = self._backoff.delay(max(i.attempts for i in unanswered))
            self.outbox.release([i.id for i in unanswered], delay)
            log.warning("bureau gave no answer for %d transaction(s); they will be resent", len(unanswered))
        gaps = body.get("gaps") if isinstance(body, dict) else None
        if gaps:
            log.debug("bureau reports sequence gaps %s", gaps)
        now = self._clock()
        self.outbox.set_meta(LAST_SYNC_META, repr(now))
        self._failures = 0
        self._not_before = 0.0
        self._limit = min(self.settings.batch_size, self._limit * 2)
        self._update(link="up", last_error=None, counters=counters)
        return True

    def _refused(self, items: list[Item], reply: Reply) -> None:
        """A 4xx other than auth: the request itself is wrong. Halve until the bad row is alone."""
        reason = f"HTTP {reply.status}: {_error_text(reply)}"
        if len(items) == 1:
            self.outbox.mark_rejected({items[0].id: reason})
            log.warning("bureau refused transaction %s: %s", items[0].id, reason)
            counters = dict(self.status.counters)
            counters["rejected"] += 1
            self._update(link="up", counters=counters)
        else:
            self.outbox.release([i.id for i in items], count_attempt=False)
            self._limit = max(1, len(items) // 2)
            log.warning("bureau refused a batch of %d (%s); retrying in batches of %d", len(items), reason,
                        self._limit)
            self._update(link="up")

    def _transient(self, items: list[Item], error: str) -> None:
        delay = self._next_delay()
        self._not_before = time.monotonic() + delay
        self.outbox.release([i.id for i in items])
        counters = dict(self.status.counters)
        counters["failures"] += 1
        if self.status.link != "down":
            log.warning("bureau unreachable (%s); retrying with backoff", error)
        self._update(link="down", last_error=error, counters=counters)

    def _pause(self, reply: Reply) -> None:
        reason = f"bureau refused this terminal's credentials (HTTP {reply.status}: {_error_text(reply)})"
        self.outbox.set_meta(PAUSED_META, reason)
        log.error("outbox sync paused: %s; nothing is lost, `kiosk queue retry` resumes it", reason)
        self._update(link="up", paused=reason, last_error=reason)
        if self._on_alert:
            self._on_alert(reason)

    def _custody_breach(self, reason: str) -> None:
        """Rows numbered at or below the bureau's highest would be refused: hold them, tell a technician."""
        if self.outbox.get_meta(PAUSED_META) != reason:
            self.outbox.set_meta(PAUSED_META, reason)
            log.error("outbox takes no transactions: %s", reason)
        self._update(link="up", paused=reason, last_error=reason)
        if self._on_alert:
            self._on_alert(reason)

    # -- heartbeats ------------------------------------------------------------------------

    def _send_heartbeat(self) -> bool:
        """Send one heartbeat; False if the bureau refused our credentials (now paused)."""
        backlog = self.outbox.backlog()
        oldest = backlog.oldest_pending_ts
        body = {
            "terminal_id": self.settings.terminal_id,
            "version": self.settings.version,
            "build": self.settings.build,
            "devices": self._devices(),
            "backlog": {"pending": backlog.pending,
                        "oldest_age_s": None if oldest is None else round(self._clock() - oldest, 3)},
        }
        try:
            reply = self.transport.post_json(HEARTBEAT_PATH, body, self.settings.timeout_s)
        except TransportError as exc:
            self._not_before = time.monotonic() + self._next_delay()
            self._update(link="down", last_error=f"heartbeat: {exc}")
            return True
        if reply.status in (401, 403):
            self._pause(reply)
            return False
        if reply.status == 200:
            self._update(link="up")
            highest = reply.body.get("highest_seq") if isinstance(reply.body, dict) else None
            if isinstance(highest, int) and (reason := self.outbox.check_bureau_sequence(highest)):
                self._custody_breach(reason)
                return False
        else:
            self._update(link="down" if reply.status >= 500 else "up",
                         last_error=f"heartbeat HTTP {reply.status}: {_error_text(reply)}")
        return True

    # -- status ----------------------------------------------------------------------------

    def _refresh_status(self) -> None:
        backlog = self.outbox.backlog()
        last = self.outbox.get_meta(LAST_SYNC_META)
        self._update(
            paused=self.outbox.get_meta(PAUSED_META),
            pending=backlog.pending,
            rejected=backlog.counts["rejected"],
            oldest_pending_ts=backlog.oldest_pending_ts,
            last_sync_ts=float(last) if last else None,
        )

    def _update(self, **changes: Any) -> None:
        with self._status_lock:
            old = self._status
            new = replace(old, **changes)
            self._status = new
        if old.link == "down" and new.link == "up":
            log.info("bureau reachable again; outbox sync continues")
        if new != old and self._on_status:
            self._on_status(new)


def _error_text(reply: Reply) -> str:
    body = reply.body
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        err = body["error"]
        return f"{err.get('code', '?')}: {err.get('message', '')}".strip()
    if isinstance(body, dict) and "detail" in body:
        return str(body["detail"])[:200]
    return "no details"
