"""Taxpayer mode has no way out: window-manager and application shortcuts do nothing.

An application-wide event filter swallows the key combinations that close, switch or quit
(Alt+F4, Alt+Tab, Escape, Ctrl+W, Ctrl+Q, Super…), and the window refuses to close unless the
app is shutting down on purpose (diagnostics, SIGTERM from systemd).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

log = logging.getLogger(__name__)

_MOD = Qt.KeyboardModifier
_BLOCKED_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Meta, Qt.Key.Key_Menu}
_BLOCKED_WITH_ALT = {Qt.Key.Key_F4, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape}
_BLOCKED_WITH_CTRL = {Qt.Key.Key_W, Qt.Key.Key_Q, Qt.Key.Key_F4, Qt.Key.Key_Tab, Qt.Key.Key_N, Qt.Key.Key_Escape}


def is_escape_combination(event: QKeyEvent) -> bool:
    key = Qt.Key(event.key())
    mods = event.modifiers()
    if key in _BLOCKED_KEYS:
        return True
    if mods & _MOD.AltModifier and key in _BLOCKED_WITH_ALT:
        return True
    return bool(mods & _MOD.ControlModifier and key in _BLOCKED_WITH_CTRL)


class Lockdown(QObject):
    """Install on the QApplication; `enabled` is turned off only by diagnostics."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (self.enabled and event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
                and isinstance(event, QKeyEvent) and is_escape_combination(event)):
            if event.type() == QEvent.Type.KeyPress:
                log.info("blocked a key combination in taxpayer mode", extra={"key": int(event.key())})
            event.accept()
            return True
        return False
