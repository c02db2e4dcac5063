"""Idle timeout: after a quiet spell a visible countdown, then the session is ended.

Watching input at the application level (an event filter) rather than per screen means no
screen can forget to keep the session alive, and none can keep it alive by mistake.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class IdleWatcher(QObject):
    countdown_started = Signal(int)
    countdown_tick = Signal(int)  # seconds left
    countdown_cancelled = Signal()
    expired = Signal()

    def __init__(self, idle_timeout_s: int, countdown_s: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.countdown_s = countdown_s
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_timeout_s * 1000)
        self._idle.timeout.connect(self._start_countdown)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        self.remaining = 0
        self.armed = False

    def set_intervals(self, idle_ms: int, tick_ms: int = 1000) -> None:
        """Shorter clocks for tests and the scripted demo; the countdown still counts whole steps."""
        self._idle.setInterval(idle_ms)
        self._tick.setInterval(tick_ms)

    @property
    def counting(self) -> bool:
        return self._tick.isActive()

    def arm(self) -> None:
        """Start watching (a session began)."""
        self.armed = True
        self._tick.stop()
        self._idle.start()

    def disarm(self) -> None:
        """Stop watching (no session: the attract screen needs no timeout)."""
        self.armed = False
        self._idle.stop()
        self._tick.stop()

    def hold(self, held: bool) -> None:
        """While the kiosk itself is working (printing, asking the bureau) the taxpayer is waiting,
        not gone: no countdown until the work is done, then a fresh idle wait."""
        if not self.armed:
            return
        if held:
            self._idle.stop()
            if self._tick.isActive():
                self._tick.stop()
                self.countdown_cancelled.emit()
        else:
            self._idle.start()

    def keep_alive(self) -> None:
        """The user is here: cancel a running countdown and restart the idle wait."""
        if not self.armed:
            return
        if self._tick.isActive():
            self._tick.stop()
            self.countdown_cancelled.emit()
        self._idle.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # During the countdown only the explicit "continue" button keeps the session:
        # a stray touch elsewhere on the overlay must not silently extend it.
        if self.armed and not self._tick.isActive() and event.type() in _ACTIVITY:
            self._idle.start()
        return False

    def _start_countdown(self) -> None:
        self.remaining = self.countdown_s
        self._tick.start()
        self.countdown_started.emit(self.remaining)

    def _on_tick(self) -> None:
        self.remaining -= 1
        if self.remaining > 0:
            self.countdown_tick.emit(self.remaining)
            return
        self._tick.stop()
        self.armed = False
        self.expired.emit()
