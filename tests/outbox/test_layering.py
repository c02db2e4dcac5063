"""offline_queue is plain Python: usable from the CLI and tests without Qt or the kiosk app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_offline_queue_imports_neither_qt_nor_kiosk() -> None:
    code = ("import sys, offline_queue.outbox, offline_queue.sync, offline_queue.store, offline_queue.cipher; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'kiosk', 'screens')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
