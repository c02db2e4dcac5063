"""README.Debian's instructions for the terminal key give a file the kiosk's start-up check accepts."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from offline_queue.key_files import check_private_file

README = Path(__file__).resolve().parents[2] / "build" / "debian" / "README.Debian"


def test_the_terminal_key_mode_in_readme_debian_passes_the_start_up_check(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"/etc/tax-kiosk/terminal\.key \(chown (\w+):(\w+), chmod (0?[0-7]{3})\)", text)
    assert found, "README.Debian no longer says how to install the terminal key"
    owner, group, mode = found.groups()
    assert group == "kiosk"  # the kiosk user's own group (this test process's group stands for it)
    key = tmp_path / "terminal.key"
    key.write_text("00" * 32)
    if owner == "root":
        if os.getuid() != 0:
            pytest.skip("needs root to give the file to root")
        os.chown(key, 0, os.getgid())
    key.chmod(int(mode, 8))
    check_private_file(key, "the terminal key")  # raises KeyFileError for a shape the kiosk refuses
