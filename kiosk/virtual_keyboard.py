"""Qt Virtual Keyboard for typed text (names, addresses, plates): set up before Qt starts, checked at self-test.

The keyboard is Qt's own (pinyin and English), embedded in the kiosk window as a QQuickWidget
rather than Qt's desktop mode, where the panel is a separate top-level window: that window takes
the focus on the offscreen platform (so the panel closes at once: no tests, no headless demo) and
is a second fullscreen toplevel for a kiosk compositor such as cage. Embedded, the panel is a
widget docked under the step, laid out like any other, on every platform.

The input-method module is chosen when the QApplication is created, so `configure_environment`
must run before that; an already-set QT_IM_MODULE (a technician's override) is kept.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.selftest import Check, SelfTestContext

IM_MODULE = "qtvirtualkeyboard"
LAYOUT_SCAN_TIMEOUT_S = 5.0


def configure_environment() -> None:
    """Select Qt Virtual Keyboard, embedded (no desktop panel window), before the QApplication exists."""
    os.environ.setdefault("QT_IM_MODULE", IM_MODULE)
    os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")


def check_virtual_keyboard(ctx: SelfTestContext) -> str:
    """The input-method plugin is active and the keyboard with its pinyin layout loads.

    A bundle that lost the QML modules or a library they link to (libpulse for the key sounds)
    shows no keyboard at all, only at the first text step, in front of a taxpayer.
    """
    from PySide6.QtCore import QCoreApplication, QEventLoop, QLibraryInfo

    from kiosk.selftest import CheckFailed
    from screens.flow.text_entry import LOCALES, KeyboardDock

    if os.environ.get("QT_IM_MODULE") != IM_MODULE:
        raise CheckFailed(f"QT_IM_MODULE is {os.environ.get('QT_IM_MODULE')!r}, not {IM_MODULE!r}")
    qml = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.QmlImportsPath)) / "QtQuick" / "VirtualKeyboard"
    pinyin = sorted((qml / "Plugins" / "Pinyin").glob("*.so"))
    if not pinyin:
        raise CheckFailed(f"no pinyin plugin in {qml / 'Plugins' / 'Pinyin'}")
    dock = KeyboardDock()
    try:
        problem = dock.load()
        if problem:
            raise CheckFailed(problem)
        deadline = time.monotonic() + LAYOUT_SCAN_TIMEOUT_S  # the layouts are listed asynchronously
        while not (locales := dock.available_locales()) and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.02)
        missing = [name for name in LOCALES if name not in locales]
        if missing:
            raise CheckFailed(f"keyboard layouts missing: {', '.join(missing)} (has {', '.join(locales)})")
    finally:
        dock.deleteLater()
    return f"{IM_MODULE} loads from {qml} with {', '.join(LOCALES)}, pinyin {pinyin[0].name}"


def selftest_checks() -> list[Check]:
    from kiosk.selftest import Check

    return [Check("virtual keyboard", check_virtual_keyboard)]
