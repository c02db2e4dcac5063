"""What diagnostics and the support bundle show about a terminal, with secrets and personal data out.

The config is shown with every secret value replaced; log lines pass the log masking once more
(the file is masked when written, but a name read in the current session is masked again here);
the outbox is shown as counts and reasons, never payloads.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from kiosk.config import KioskConfig
from kiosk.logs import PII_REGISTRY
from offline_queue.outbox import Outbox
from offline_queue.sync import LAST_SYNC_META, PAUSED_META

HIDDEN = "<hidden>"
# Keys whose values are secret wherever they appear in the config (device settings included).
SECRET_WORDS = ("pin_hash", "password", "secret", "token", "passphrase", "private")
TAIL_BYTES = 1_000_000


def _is_secret(key: str) -> bool:
    return any(word in key.lower() for word in SECRET_WORDS)


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (HIDDEN if _is_secret(k) and v else _redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value


def redacted_config(config: KioskConfig) -> dict[str, Any]:
    """The effective config with secret values hidden (file paths of keys stay: they are not the keys)."""
    return _redact({**config.model_dump(), "source": config.source})  # type: ignore[no-any-return]


def config_text(config: KioskConfig) -> str:
    lines = []
    for section, values in redacted_config(config).items():
        if isinstance(values, dict):
            lines.append(f"[{section}]")
            lines += [f"  {k} = {json.dumps(v, ensure_ascii=False)}" for k, v in values.items()]
        else:
            lines.append(f"{section} = {json.dumps(values, ensure_ascii=False)}")
    return "\n".join(lines)


LEVELS = {"all": 0, "warning": 30, "error": 40}
_LEVEL_NUMBERS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}


def log_tail(log_dir: Path, limit: int = 200, min_level: str = "all", logger: str = "") -> list[dict[str, Any]]:
    """The newest `limit` entries of kiosk.log at `min_level` or above, from loggers starting with `logger`."""
    path = log_dir / "kiosk.log"
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - TAIL_BYTES))
            raw = f.read()
    except OSError:
        return []
    entries = []
    floor = LEVELS.get(min_level, 0)
    for line in raw.decode("utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # the first, cut line
        if not isinstance(entry, dict) or _LEVEL_NUMBERS.get(str(entry.get("level")), 0) < floor:
            continue
        if logger and not str(entry.get("logger", "")).startswith(logger):
            continue
        entries.append(json.loads(PII_REGISTRY.mask(json.dumps(entry, ensure_ascii=False))))
    return entries[-limit:]


def log_line(entry: dict[str, Any]) -> str:
    extra = {k: v for k, v in entry.items() if k not in ("ts", "level", "logger", "msg")}
    tail = " " + json.dumps(extra, ensure_ascii=False) if extra else ""
    return f"{entry.get('ts', '')} {entry.get('level', '')} {entry.get('logger', '')}: {entry.get('msg', '')}{tail}"


def outbox_stats(outbox: Outbox) -> dict[str, Any]:
    """Counts per state, the oldest unsent, last sync, pause, and why rows were rejected."""
    backlog = outbox.backlog()
    oldest = backlog.oldest_pending_ts
    last = outbox.get_meta(LAST_SYNC_META)
    rejected = outbox.rows("rejected", limit=50)
    return {
        "counts": backlog.counts,
        "unsent": backlog.pending,
        "oldest_unsent_age_s": None if oldest is None else round(time.time() - oldest, 1),
        "last_sync": None if not last else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(last))),
        "paused": outbox.get_meta(PAUSED_META),
        "rejected": [{"seq": r["seq"], "kind": r["kind"], "reason": r["reason"]} for r in rejected],
    }
