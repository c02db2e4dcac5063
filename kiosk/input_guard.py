"""One guard for every tap and key the kiosk receives: a tap means what the finger meant, once.

Elderly hands double-tap, and a second tap lands on whatever the next screen put in the same
place: it skipped a confirm step, opened a payment order, printed a ticket. Keys are worse: a
keyboard-wedge scanner types a code and Enter, and Space or Enter on a button that kept the
focus pressed it again. Rather than every screen defending itself, one application-wide event
filter decides:

- after a screen or step change, taps are ignored until the new screen has painted and a short
  settle time has passed (longer in elder mode);
- a press that began on an earlier screen never finishes as a tap on the next one;
- the same button tapped again within `repeat_ms` of its last tap (counted from when the kiosk
  finished answering it) is one tap: a double tap on a digit is one digit, on a toggle one toggle;
- buttons take no focus and no key ever reaches a button: only text fields (the on-screen
  keyboard types into them) receive keys. The keyboard-wedge scanner's filter
  (kiosk/wedge.py) is installed after this one, so it sees every key first and takes scans;
- every scrolling area scrolls by a swipe (QScroller), taxpayer and technician pages alike.

Times are when the event reached the kiosk (monotonic), not the window system's stamps: a burst
of taps queued while the GUI thread was busy is still a burst.
"""

from __future__ import annotations

import logging
import time
import weakref

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QScroller,
    QTextEdit,
    QWidget,
)

log = logging.getLogger(__name__)

PAINT_WAIT_MS = 1500  # a screen that never paints (a hidden window) still takes taps after this
_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
_GESTURE = (QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease)
_TOUCH = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)
_KEYS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)
_TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


class InputGuard(QObject):
    """Install on the QApplication before other input filters; tell it of every screen change."""

    _installed: weakref.ReferenceType[InputGuard] | None = None

    def __init__(self, settle_ms: int, repeat_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settle_ms = settle_ms
        self.repeat_ms = repeat_ms
        self._screen: weakref.ReferenceType[QWidget] | None = None
        self._generation = 0
        self._open_at = 0.0  # monotonic seconds from which taps count; inf until painted
        self._press: tuple[int, weakref.ReferenceType[QAbstractButton] | None] | None = None  # accepted press
        self._swallowing = False  # the rest of a press that was ignored (its moves and release)
        self._last_tap: tuple[weakref.ReferenceType[QAbstractButton], float] | None = None
        self._paint_wait = QTimer(self)
        self._paint_wait.setSingleShot(True)
        self._paint_wait.setInterval(PAINT_WAIT_MS)
        self._paint_wait.timeout.connect(self._never_painted)
        self.dropped = 0  # taps and keys ignored (for tests and the log)
        self._removed = False

    # --- life -------------------------------------------------------------------------------
    def install(self, app: QApplication) -> None:
        for widget in app.allWidgets():  # widgets polished before now; later ones at their Polish event
            _polish(widget)
        app.installEventFilter(self)
        InputGuard._installed = weakref.ref(self)

    def remove(self, app: QObject) -> None:
        app.removeEventFilter(self)
        self._removed = True
        self._paint_wait.stop()
        if InputGuard.current() is self:
            InputGuard._installed = None

    @classmethod
    def current(cls) -> InputGuard | None:
        """The guard on the running application (tests and the scripted demo wait for it)."""
        return cls._installed() if cls._installed is not None else None

    # --- what the app tells it --------------------------------------------------------------
    def screen_changed(self, screen: QWidget | None) -> None:
        """A new screen or step is showing: no tap counts until it has painted and settled."""
        if self._removed:
            return  # the app is shutting down
        self._generation += 1
        self._screen = weakref.ref(screen) if screen is not None else None
        self._open_at = float("inf")
        self._paint_wait.start()

    def accepts_tap(self, button: QAbstractButton | None = None) -> bool:
        """A tap now (on `button`) would count: the screen has settled and it is no repeat."""
        now = time.monotonic()
        return now >= self._open_at and not (button is not None and self._repeats(button, now))

    # --- the filter -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if not isinstance(watched, QWidget):
            return False  # the window hands input on to its widgets: judged there
        kind = event.type()
        if kind == QEvent.Type.Polish:
            _polish(watched)
        elif kind == QEvent.Type.Paint and self._open_at == float("inf") and self._shows_screen(watched):
            self._settle()
        elif kind in _KEYS:
            return self._drop_key(watched)
        elif kind in _PRESSES:
            return self._on_press(watched, kind)
        elif kind in _GESTURE and (self._swallowing or self._press is not None):
            return self._on_gesture(kind)
        elif kind in _TOUCH:
            return self._on_touch(watched, kind)
        return False

    def _shows_screen(self, watched: QWidget) -> bool:
        screen = self._screen() if self._screen is not None else None
        return screen is None or watched is screen or screen.isAncestorOf(watched)

    def _settle(self) -> None:
        self._paint_wait.stop()
        self._open_at = time.monotonic() + self.settle_ms / 1000

    def _never_painted(self) -> None:
        if self._open_at == float("inf"):
            log.info("screen change not painted in time; taps count again")
            self._settle()

    def _on_press(self, watched: QWidget, kind: QEvent.Type) -> bool:
        now = time.monotonic()
        button = _button_of(watched)
        if now < self._open_at or (button is not None and self._repeats(button, now)) or (
                kind == QEvent.Type.MouseButtonDblClick and self._swallowing):
            self._drop("tap", watched)
            self._swallowing = True
            self._press = None
            return True
        self._swallowing = False
        self._press = (self._generation, weakref.ref(button) if button is not None else None)
        return False

    def _on_gesture(self, kind: QEvent.Type) -> bool:
        if self._swallowing:
            if kind == QEvent.Type.MouseButtonRelease:
                self._swallowing = False
            return True
        if kind != QEvent.Type.MouseButtonRelease or self._press is None:
            return False
        generation, ref = self._press
        self._press = None
        button = ref() if ref is not None else None
        if generation != self._generation:  # pressed on an earlier screen: no tap on this one
            if button is not None:
                button.setDown(False)
            self._drop("release after a screen change", button)
            return True
        if button is not None:
            self._last_tap = (weakref.ref(button), time.monotonic())
            QTimer.singleShot(0, self, self._tap_handled)
        return False

    def _tap_handled(self) -> None:
        """A repeat counts from when the kiosk finished answering the tap: a finger that tapped again
        while a slow answer kept the screen still was not tapping twice on purpose."""
        if self._last_tap is not None:
            self._last_tap = (self._last_tap[0], time.monotonic())

    def _on_touch(self, watched: QWidget, kind: QEvent.Type) -> bool:
        """Touch points (the on-screen keyboard takes them): the same settle as taps."""
        if kind == QEvent.Type.TouchBegin:
            self._swallowing = time.monotonic() < self._open_at
            if self._swallowing:
                self._drop("touch", watched)
            return self._swallowing
        dropped = self._swallowing
        if kind in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            self._swallowing = False
        return dropped

    def _repeats(self, button: QAbstractButton, now: float) -> bool:
        if self._last_tap is None:
            return False
        ref, at = self._last_tap
        return ref() is button and now - at < self.repeat_ms / 1000

    def _drop_key(self, watched: QWidget) -> bool:
        if isinstance(watched, _TEXT_INPUTS):
            return False  # typing (the on-screen keyboard's keys, Backspace and Enter among them)
        self._drop("key", watched)
        return True

    def _drop(self, what: str, watched: QObject | None) -> None:
        self.dropped += 1
        log.debug("input ignored", extra={"input": what, "target": type(watched).__name__})


def _polish(widget: QWidget) -> None:
    """Every widget as it is first shown: no button keeps a focus that Space or Enter could press, and
    every scrolling area follows a swipe (kinetic, as on a phone), not only its thin scroll bar."""
    if isinstance(widget, QAbstractButton):
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    elif isinstance(widget, QAbstractScrollArea) and not QScroller.hasScroller(widget.viewport()):
        QScroller.grabGesture(widget.viewport(), QScroller.ScrollerGestureType.TouchGesture)


def _button_of(watched: QWidget) -> QAbstractButton | None:
    """The button a press on `watched` would press (a tile's label lets the press through to the tile)."""
    widget: QWidget | None = watched
    while widget is not None and not isinstance(widget, QAbstractButton):
        widget = widget.parentWidget()
    return widget
