"""Fixtures of the remote-help tests: the services' rig (a seeded bureau, kiosks linked to it or not)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).parent))
sys.path.append(str(Path(__file__).parents[1] / "services"))
sys.path.append(str(Path(__file__).parents[1] / "outbox"))

from service_rig import unreachable_kiosk  # noqa: E402,F401
