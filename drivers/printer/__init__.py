"""The receipt printer: ESC/POS over python-escpos transports, our own Chinese path and status.

python-escpos parses its capabilities file on every import and caches the result in a new
temporary folder each time (a leak on a kiosk that restarts for months); pointing it at a
kept cache folder makes the import fast and leaves nothing behind.
"""

import os
from pathlib import Path

if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
    _cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tax-kiosk" / "escpos"
    try:
        _cache.mkdir(parents=True, exist_ok=True)
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(_cache)
    except OSError:
        pass  # read-only home: python-escpos falls back to its temporary folder
