"""Keyboard-wedge scanner input told apart from a person typing, by the time between keys.

Every printable key press is held back for a moment. If the next key follows faster than a
person types, the keys are a scan: they are kept from the focused widget and, at Enter (or when
the burst stops), delivered as one payload. If no key follows in time, the held keys were a
person typing and are replayed to where they were going. So a scanned code never lands in a
text field, and a person's typing arrives unchanged, only a tenth of a second later.

The time between keys is taken from the key events' own timestamps (set by the window system
when the key arrived), so a GUI thread that is busy for a moment and then handles a burst late
still sees a burst. `type_like_a_scanner` is this driver's simulator.
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
END_OF_BURST_S = 0.1  # no key for this long and the burst is over (a person's key then goes on)


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
        now = _arrival(event)
        key, text = event.key(), event.text()
        if key in ENTER_KEYS and self._held:
            if self._follows(now) and len(self._held) >= self.min_length:
                self._timer.stop()
                self._deliver()
                return True
            self._burst_over()  # typing, then Enter: both go through
            return False
        if text and text.isprintable() and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            if self._held and not self._follows(now):
                self._burst_over()
            self._held.append((watched, key, event.modifiers(), text))
            self._last = now
            # Ends the burst when no key follows. Longer than the gap, so that keys the window
            # system queued while the GUI thread was busy are taken in before it fires.
            self._timer.start(int(max(END_OF_BURST_S, 3 * self.max_gap_s) * 1000))
            return True
        return False

    def _follows(self, now: float) -> bool:
        """The key arrived within the gap after the last one (a scanner, not a person)."""
        return 0 <= now - self._last <= self.max_gap_s

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


def _arrival(event: QKeyEvent) -> float:
    """When the key arrived, in seconds: the window system's timestamp, else now (synthetic events).
    Both count milliseconds on a monotonic clock on our platforms (X11/Wayland server time,
    Windows GetMessageTime, Qt's own for synthetic events), but not the same clock: a burst never
    mixes them, and a switch shows as a long gap, which only ends a burst."""
    stamp = event.timestamp()
    return stamp / 1000 if stamp else time.monotonic() + _UNSTAMPED_OFFSET_S


_UNSTAMPED_OFFSET_S = 1e6  # keeps the two clocks apart


def type_like_a_scanner(target: QObject, text: str, gap_s: float = 0.002, enter: bool = True) -> None:
    """What a keyboard-wedge scanner sends for a code: each character as a key press and release,
    `gap_s` apart by their timestamps, then Enter (the simulated scanner, for tests and demos)."""
    stamp = int(time.monotonic() * 1000)
    keys = [(Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown, ch) for ch in text]
    if enter:
        keys.append((Qt.Key.Key_Return, "\r"))
    for key, ch in keys:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(stamp)
            QCoreApplication.sendEvent(target, event)
        stamp += max(1, round(gap_s * 1000))
