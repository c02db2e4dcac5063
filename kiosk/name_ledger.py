"""The names this terminal has read, kept only as keyed hashes, so a support bundle can hide the
names of earlier sessions too (the log filter forgets a name when its session ends).

A name is stored as HMAC-SHA256 under a key of the terminal's own (`names.key`, mode 600, beside
the outbox), truncated: the ledger alone tells nobody who came. Entries older than the retention
(the logs' own life) are dropped. Writing happens on a thread of its own: a card read on the GUI
thread never waits for the disk.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import time
import unicodedata
from pathlib import Path

from offline_queue.key_files import KeyFileError, load_or_create_key

log = logging.getLogger(__name__)
RETENTION_S = 90 * 86400


def normal(name: str) -> str:
    """One form for one name: Unicode-normalised, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFKC", name).upper().split())


class NameLedger:
    def __init__(self, path: Path, key: bytes, retention_s: float = RETENTION_S) -> None:
        self.path, self._key, self._retention_s = path, key, retention_s
        self._lock = threading.Lock()
        self._seen: dict[str, float] = {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            self._seen = {str(k): float(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError):
            log.warning("name ledger unreadable; earlier sessions' names are no longer recognised",
                        extra={"path": str(path)})

    @classmethod
    def open(cls, folder: Path) -> NameLedger | None:
        """The terminal's ledger, or None (logged) when its key cannot be used: scrubbing then knows fewer names."""
        try:
            return cls(folder / "names.ledger", load_or_create_key(folder / "names.key"))
        except (KeyFileError, OSError) as exc:
            log.warning("name ledger not available: %s", exc)
            return None

    def _tag(self, name: str) -> str:
        return hmac.new(self._key, normal(name).encode("utf-8"), hashlib.sha256).hexdigest()[:24]

    def add(self, *names: str) -> None:
        now = time.time()
        with self._lock:
            fresh = [self._tag(n) for n in names if n and len(n.strip()) >= 2]
            if not fresh:
                return
            self._seen.update(dict.fromkeys(fresh, now))
        threading.Thread(target=self.save, name="name-ledger", daemon=True).start()

    def knows(self, name: str) -> bool:
        with self._lock:
            return self._tag(name) in self._seen

    def save(self) -> None:
        """Prune and write whole (temp file, then rename), mode 600."""
        with self._lock:
            cutoff = time.time() - self._retention_s
            self._seen = {k: v for k, v in self._seen.items() if v >= cutoff}
            data = json.dumps(self._seen).encode()
            tmp = self.path.with_name(self.path.name + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
