"""Print jobs by id, so a retry never prints twice and an incomplete job is reprinted once.

The ledger is SQLite (a file on a terminal, ":memory:" in tests) so print-once holds across a
restart: a job found PRINTING at start-up was cut off by a crash and becomes INCOMPLETE. The
job's bytes are kept only while a reprint is still possible, then dropped, since receipts hold
personal data.
"""

from __future__ import annotations

import enum
import sqlite3
import threading
import time
from dataclasses import dataclass


class JobState(enum.Enum):
    PRINTING = "printing"
    PRINTED = "printed"  # the printer confirmed it processed the whole job
    SENT = "sent"  # written to a link that cannot report status (spooler, device file)
    INCOMPLETE = "incomplete"  # started and not confirmed: paper out, cover open, stall
    REFUSED = "refused"  # not started: nothing reached the paper, a retry may print it


REPRINTABLE = (JobState.INCOMPLETE,)


@dataclass(frozen=True)
class Job:
    job_id: str
    kind: str
    state: JobState
    reason: str
    reprints: int
    data: bytes | None


class JobLedger:
    def __init__(self, path: str = ":memory:") -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS print_jobs (job_id TEXT PRIMARY KEY, kind TEXT NOT NULL,"
            " state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', reprints INTEGER NOT NULL DEFAULT 0,"
            " data BLOB, updated REAL NOT NULL)"
        )
        self._db.execute(
            "UPDATE print_jobs SET state = ?, reason = 'interrupted by a restart' WHERE state = ?",
            (JobState.INCOMPLETE.value, JobState.PRINTING.value),
        )

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            row = self._db.execute(
                "SELECT job_id, kind, state, reason, reprints, data FROM print_jobs WHERE job_id = ?",
                (job_id,),
            ).fetchone()
        if row is None:
            return None
        return Job(row[0], row[1], JobState(row[2]), row[3], row[4], row[5])

    def claim(self, job_id: str, kind: str, data: bytes, reprint: bool = False) -> Job | None:
        """Marks the job PRINTING if it may print now; returns the existing job if it may not.

        A new id or a REFUSED one (nothing reached paper) may print; with `reprint`, an
        INCOMPLETE one that has not been reprinted yet. Check and update are one transaction,
        so two retries racing each other cannot both print.
        """
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute("SELECT state, reprints FROM print_jobs WHERE job_id = ?", (job_id,)).fetchone()
                if row is None:
                    self._db.execute(
                        "INSERT INTO print_jobs (job_id, kind, state, data, updated) VALUES (?, ?, ?, ?, ?)",
                        (job_id, kind, JobState.PRINTING.value, data, time.time()),
                    )
                    self._db.execute("COMMIT")
                    return None
                state, reprints = JobState(row[0]), row[1]
                counts_as_reprint = reprint and state in REPRINTABLE and reprints == 0
                allowed = state is JobState.REFUSED or counts_as_reprint
                if allowed:
                    self._db.execute(
                        "UPDATE print_jobs SET state = ?, reprints = reprints + ?, updated = ? WHERE job_id = ?",
                        (JobState.PRINTING.value, 1 if counts_as_reprint else 0, time.time(), job_id),
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return None if allowed else self.get(job_id)

    def finish(self, job_id: str, state: JobState, reason: str = "") -> None:
        with self._lock:
            keep = state in (JobState.INCOMPLETE, JobState.REFUSED)
            row = self._db.execute("SELECT reprints FROM print_jobs WHERE job_id = ?", (job_id,)).fetchone()
            if row and row[0] > 0 and state is not JobState.REFUSED:
                keep = False  # its one reprint is used up
            self._db.execute(
                "UPDATE print_jobs SET state = ?, reason = ?, updated = ?"
                + ("" if keep else ", data = NULL")
                + " WHERE job_id = ?",
                (state.value, reason, time.time(), job_id),
            )

    def incomplete(self) -> list[Job]:
        """Jobs a technician can still reprint (shown in diagnostics)."""
        with self._lock:
            ids = [
                r[0]
                for r in self._db.execute(
                    "SELECT job_id FROM print_jobs WHERE state = ? AND reprints = 0 ORDER BY updated",
                    (JobState.INCOMPLETE.value,),
                )
            ]
        return [j for j in (self.get(i) for i in ids) if j is not None]

    def close(self) -> None:
        with self._lock:
            self._db.close()
