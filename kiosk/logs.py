"""Structured, rotating logs in which ID numbers and names never appear in clear.

Masking happens in a filter on the handlers, not at call sites, so a careless log call
cannot leak personal data: every message, argument and extra field passes through it.
Names cannot be found by pattern, so the session registers the names it has read
(`PII_REGISTRY.remember`) and forgets them when it ends.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from taxcore.masking import PERSONAL_KEYS, mask_id, mask_id_numbers, mask_name  # "name": masked inside dicts


class PiiRegistry:
    """Names read in the current session, masked wherever they appear in a log line."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._names: set[str] = set()
        self.ledger: Callable[..., None] | None = None  # also kept (hashed) beyond the session: kiosk.name_ledger

    def remember(self, *names: str) -> None:
        with self._lock:
            self._names.update(n for n in names if n and len(n.strip()) >= 2)
        if self.ledger is not None:
            self.ledger(*names)

    def knows(self, name: str) -> bool:
        with self._lock:
            return name in self._names

    def forget_all(self) -> None:
        with self._lock:
            self._names.clear()

    def mask(self, text: str) -> str:
        text = mask_id_numbers(text)
        with self._lock:
            names = sorted(self._names, key=len, reverse=True)
        for n in names:
            if n in text:
                text = text.replace(n, mask_name(n))
        return text


PII_REGISTRY = PiiRegistry()

_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _mask_value(key: str, value: Any) -> Any:
    if key in PERSONAL_KEYS:
        if key == "photo":
            return "<photo withheld>"
        if key == "id_number" and isinstance(value, str):
            return mask_id(value)
        return mask_name(str(value))
    if isinstance(value, str):
        return PII_REGISTRY.mask(value)
    if isinstance(value, dict):
        return {k: _mask_value(k, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_value("", v) for v in value]
    return value


class MaskingFilter(logging.Filter):
    """Rewrites a record so that its message and extra fields carry no personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = PII_REGISTRY.mask(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = PII_REGISTRY.mask(record.exc_text)
        record.exc_info = None
        for key in set(vars(record)) - _STANDARD_ATTRS:
            setattr(record, key, _mask_value(key, getattr(record, key)))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(record.created))
            + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key in sorted(set(vars(record)) - _STANDARD_ATTRS):
            entry[key] = getattr(record, key)
        if record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup_logging(log_dir: Path, level: str = "INFO", max_bytes: int = 5_000_000, backups: int = 10) -> Path:
    """Send all logs to a rotating JSON-lines file (and masked text to stderr); return its path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "kiosk.log"
    root = logging.getLogger()
    for h in list(root.handlers):
        # Ours from an earlier call, or a bare stderr handler a library added with basicConfig()
        # (python-escpos does at import): unmasked, unrotated output must not survive.
        if getattr(h, "_kiosk_handler", False) or type(h) is logging.StreamHandler:
            root.removeHandler(h)
            h.close()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )
    file_handler.setFormatter(JsonFormatter())
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    console.setLevel(logging.WARNING)
    handlers: list[logging.Handler] = [file_handler, console]
    for h in handlers:
        h.addFilter(MaskingFilter())
        h._kiosk_handler = True  # type: ignore[attr-defined]
        root.addHandler(h)
    root.setLevel(level)
    return path
