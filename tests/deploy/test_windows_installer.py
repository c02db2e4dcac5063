"""The NSIS recipe compiles (makensis) into a Windows installer, from a stand-in bundle folder.

No Windows bundle can be built here (PyInstaller does not cross-compile), so this checks the recipe:
its includes, pages, sections, uninstaller and the installed config. Skipped without makensis
(apt-get install nsis).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_installer_builds_from_a_stand_in_bundle(tmp_path: Path) -> None:
    if shutil.which("makensis") is None:
        pytest.skip("makensis not installed (apt-get install nsis)")
    result = subprocess.run([sys.executable, str(ROOT / "build" / "windows" / "build_installer.py"), "--stand-in",
                             "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in result.stdout.lower(), result.stdout
    exe = Path(result.stdout.strip().splitlines()[-1])
    data = exe.read_bytes()
    assert data[:2] == b"MZ" and b"NullsoftInst" in data  # a PE file carrying an NSIS payload
