"""One taxpayer's visit: from identification to completion, cancel or idle timeout.

Everything personal that a visit gathers is held here and nowhere else, so that ending the
session is one call that wipes it all and puts language and elder mode back to defaults.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.logs import PII_REGISTRY

log = logging.getLogger(__name__)


class Session(QObject):
    started = Signal()
    ended = Signal(str)  # reason: "completed", "cancelled", "timeout"
    language_changed = Signal(str)
    elder_mode_changed = Signal(bool)

    def __init__(self, default_language: str = "zh_CN", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.default_language = default_language
        self.language = default_language
        self.elder_mode = False
        self.active = False
        # Personal data of this visit (identity record, query results, photos).
        self._data: dict[str, Any] = {}

    def start(self) -> None:
        if not self.active:
            self.active = True
            log.info("session started")
            self.started.emit()

    def set_language(self, language: str) -> None:
        if language != self.language:
            self.language = language
            self.language_changed.emit(language)

    def toggle_language(self) -> None:
        self.set_language("en" if self.language.startswith("zh") else "zh_CN")

    def set_elder_mode(self, on: bool) -> None:
        if on != self.elder_mode:
            self.elder_mode = on
            self.elder_mode_changed.emit(on)

    def put(self, key: str, value: Any, *names: str) -> None:
        """Keep a piece of personal data for this visit; `names` are masked in logs meanwhile."""
        PII_REGISTRY.remember(*names)
        self._data[key] = value

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def has_personal_data(self) -> bool:
        return bool(self._data)

    def end(self, reason: str) -> None:
        """Wipe the visit and reset language and elder mode; safe to call when already ended."""
        was_active = self.active
        for value in self._data.values():
            wipe = getattr(value, "wipe", None)
            if callable(wipe):
                wipe()
        self._data.clear()
        PII_REGISTRY.forget_all()
        self.active = False
        self.set_language(self.default_language)
        self.set_elder_mode(False)
        if was_active:
            log.info("session ended", extra={"reason": reason})
        self.ended.emit(reason)
