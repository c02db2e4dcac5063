"""A kept cache folder for python-escpos, set before it is imported (assets: taxcore/assets.py)."""

from __future__ import annotations

import os
from pathlib import Path

ESCPOS_CACHE_ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def keep_escpos_cache() -> Path:
    """Give python-escpos a kept folder for its pickled printer database, before it is imported.

    Without ESCPOS_CAPABILITIES_PICKLE_DIR it makes a new temporary folder on every import (and
    re-parses its JSON each start). The systemd unit sets the variable; otherwise the user's cache.
    """
    folder = os.environ.get(ESCPOS_CACHE_ENV) or str(
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tax-kiosk" / "escpos"
    )
    Path(folder).mkdir(parents=True, exist_ok=True)
    os.environ[ESCPOS_CACHE_ENV] = folder
    return Path(folder)
