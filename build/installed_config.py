"""The config an installer puts on a terminal: kiosk.example.toml (the one documented config) with the
installed paths set. Used by build/debian/build_deb.py and build/windows/build_installer.py."""

from __future__ import annotations

import re
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "kiosk.example.toml"


def installed_config(values: dict[str, str]) -> str:
    """kiosk.example.toml with each `key = value` line given replaced (TOML literals, quoted as needed)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"(?m)^({key}\s*=\s*)(\S+)", lambda m, v=value: m.group(1) + v, text, count=1)
        if count != 1:
            raise SystemExit(f"kiosk.example.toml has no `{key} =` line to set for the installed config")
    return "# Installed with the kiosk (your changes are kept on upgrade).\n" + text
