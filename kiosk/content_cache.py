"""Content the bureau publishes (`GET /v1/content/{name}`), kept on disk for when the link is down.

The document public key is the first user: a certificate's signature is checked with it
offline, so the terminal fetches it whenever the link comes up and keeps the last copy it got.
Files are replaced atomically, so a power cut leaves the old copy or the new one, never half.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from kiosk.bureau_calls import BureauCalls

log = logging.getLogger(__name__)


class ContentCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def get(self, name: str) -> dict[str, Any] | None:
        """The last copy fetched, or None if there is none (or it cannot be read)."""
        try:
            data = json.loads(self._path(name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("cached content unreadable", extra={"content": name, "error": type(exc).__name__})
            return None
        return data if isinstance(data, dict) else None

    def refresh(self, bureau: BureauCalls, name: str) -> dict[str, Any]:
        """Fetch the current version, keep it, return its data (raises ActionError when unreachable)."""
        answer = bureau.get(f"/v1/content/{name}")
        data = answer["data"] if isinstance(answer, dict) and isinstance(answer.get("data"), dict) else None
        if data is None:
            raise ValueError(f"content {name!r}: answer without data")
        if data != self.get(name):
            self._write(name, data)
            log.info("content updated", extra={"content": name, "version": str(data.get("version", ""))})
        return data

    def _write(self, name: str, data: dict[str, Any]) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self._path(name)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
