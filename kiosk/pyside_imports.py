"""Cheaper imports after PySide6: it asks of every module whether it mentions "PySide6".

PySide6 (its `__feature__` support, PYSIDE-2029) answers that with `inspect.getsource`, which
goes through `linecache`: the source of every module the kiosk imports (numpy, OpenCV's wrapper,
requests, ...) is then kept as lines for the life of the process, about 15 MB on a terminal that
runs for months, and tokenising it costs a tenth of start-up. The same question is answered here
by reading the file's bytes. Without that private hook (another PySide6), nothing changes.
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType


def install() -> None:
    """Call once PySide6 is imported, before the heavy imports."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "raw_read", False):
        return

    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))  # built-in, compiled or bundled: PySide6's own answer
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    mod_uses_pyside.raw_read = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[attr-defined]
    linecache.clearcache()  # what PySide6 read of the modules imported before it
