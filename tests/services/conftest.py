"""Fixtures of the end-to-end service tests; they live in service_rig.py, which tests import helpers from."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from service_rig import roll_only_kiosk, seeded_bureau, service_kiosk, unreachable_kiosk  # noqa: E402,F401
