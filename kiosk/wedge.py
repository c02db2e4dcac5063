"""Keyboard-wedge scanner input told apart from a person typing, by the time between keys.

Every printable key press is held back for a moment. If the next key follows faster than a
person types, the keys are a scan: they are kept from the focused widget and, at Enter (or when
the burst stops), delivered as one payload. If no key follows in time, the held keys were a
person typing and are replayed to where they were going. So a scanned code never lands in a
text field, and a person's typing arrives unchanged, only a few tens of milliseconds later.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from shiboken6 import isValid

from drivers.scanner.dedupe import DEFAULT_WINDOW_S, Deduper

log = logging.getLogger(__name__)

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class WedgeScanner(QObject):
    scanned = Signal(str)

    def __init__(self, max_gap_s: float = 0.035, min_length: int = 4, dedupe_window_s: float = DEFAULT_WINDOW_S,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.max_gap_s = max_gap_s
        self.min_length = min_length
        self._deduper = Deduper(dedupe_window_s)
        self._held: list[tuple[QObject, int, Qt.KeyboardModifier, str]] = []
        self._last = 0.0
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._burst_over)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self._replaying or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        now = time.monotonic()
        key, text = event.key(), event.text()
        if key in ENTER_KEYS and self._held:
            if now - self._last <= self.max_gap_s and len(self._held) >= self.min_length:
                self._timer.stop()
                self._deliver()
                return True
            self._burst_over()  # typing, then Enter: both go through
            return False
        if text and text.isprintable() and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            if self._held and now - self._last > self.max_gap_s:
                self._burst_over()
            self._held.append((watched, key, event.modifiers(), text))
            self._last = now
            self._timer.start(max(1, int(self.max_gap_s * 1000) + 5))
            return True
        return False

    def _burst_over(self) -> None:
        self._timer.stop()
        # Held keys stay together only while each follows within the gap: a long group is a scan
        # from a scanner set up without a terminator.
        if len(self._held) >= self.min_length:
            self._deliver()
        else:
            self._replay()

    def _deliver(self) -> None:
        payload = "".join(text for _, _, _, text in self._held)
        self._held.clear()
        if self._deduper.fresh(payload):
            log.info("code scanned by the keyboard-wedge scanner (%d characters)", len(payload))
            self.scanned.emit(payload)

    def _replay(self) -> None:
        held, self._held = self._held, []
        self._replaying = True
        try:
            for target, key, modifiers, text in held:
                if not isValid(target):
                    continue  # the screen changed meanwhile
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QCoreApplication.sendEvent(target, QKeyEvent(kind, key, modifiers, text))
        finally:
            self._replaying = False
