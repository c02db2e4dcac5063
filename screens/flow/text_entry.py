"""Typed text (a buyer's name, an address, a plate): a large line edit and Qt Virtual Keyboard under it.

The keyboard is a QQuickWidget holding Qt's InputPanel (pinyin and English, set up by
kiosk/virtual_keyboard.py), docked at the bottom of the step screen, so the layout itself keeps
it off the fields: the fields scroll in the area above it and the focused one is scrolled into view.
The dock takes no focus, so a tap on a key leaves the line edit focused and typing goes there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal, qInstallMessageHandler
from PySide6.QtGui import QFocusEvent
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QLineEdit, QWidget

from taxcore.assets import asset

QML_FILE = ("qml", "virtual_keyboard.qml")
# The locales the keyboard offers (the globe key switches); the first layout of each is used.
LOCALES = ("zh_CN", "en_US")


def keyboard_locale(language: str) -> str:
    """The keyboard's first language follows the screen's: pinyin for Chinese, else English."""
    return LOCALES[0] if language.startswith("zh") else LOCALES[1]


def qml_path() -> Path:
    return asset(*QML_FILE)


@contextmanager
def qt_messages_to_stderr() -> Iterator[None]:
    """Qt's own message handler while QML loads: the QML loader thread logs, and a Python handler
    (kiosk.startup's) then waits for the GIL that this thread holds while it waits for the loader,
    a deadlock (seen in gdb: QQmlThread in PyGILState_Ensure, the GUI thread in QQmlTypeLoader::load)."""
    previous = qInstallMessageHandler(None)
    try:
        yield
    finally:
        if previous is not None:
            qInstallMessageHandler(previous)


class TextEntry(QLineEdit):
    """The input of a "text" field; says when it gets the focus so the screen can scroll it into view."""

    focused = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("textEntry")
        self.setMinimumHeight(96)
        # Sensitive: the keyboard learns no words from it (names stay out of its user dictionary).
        self.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoAutoUppercase)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        super().focusInEvent(event)
        self.focused.emit()


class KeyboardDock(QQuickWidget):
    """Qt Virtual Keyboard as a widget: as wide as the screen, as high as the keyboard at that width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a tap on a key must not take the focus off the field
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self._loaded = False

    def load(self) -> str | None:
        """Load the keyboard once; None when it is ready, else what went wrong (for the log and self-test)."""
        if not self._loaded:
            with qt_messages_to_stderr():
                self.setSource(QUrl.fromLocalFile(str(qml_path())))
            self._loaded = True
            root = self.rootObject()
            if root is not None:
                # Later, not within setSource: a resize there leaves the Quick window 0 px high.
                root.implicitHeightChanged.connect(self._fit_later)
                self._fit_later()
        if self.status() is not QQuickWidget.Status.Ready or self.rootObject() is None:
            errors = "; ".join(e.toString() for e in self.errors())
            return f"the virtual keyboard does not load: {errors or self.status().name}"
        return None

    def set_language(self, language: str) -> None:
        root = self.rootObject()
        if root is not None:
            with qt_messages_to_stderr():  # a new layout may load
                root.setProperty("locale", keyboard_locale(language))

    def current_locale(self) -> str:
        root = self.rootObject()
        return str(root.property("locale")) if root is not None else ""

    def available_locales(self) -> list[str]:
        root = self.rootObject()
        value: Any = root.property("availableLocales") if root is not None else None
        return [str(v) for v in value] if value else []

    def _fit_later(self) -> None:
        QTimer.singleShot(0, self, self._fit_height)  # dropped if the dock is gone by then

    def _fit_height(self) -> None:
        root = self.rootObject()
        if root is not None and root.implicitHeight() > 0:
            self.setFixedHeight(round(root.implicitHeight()))


class ResizeWatcher(QObject):
    """Calls back when a watched widget is shown or resized: the keyboard opening shrinks the field area."""

    def __init__(self, callback: Any) -> None:
        super().__init__()
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._callback()
        return False
