"""The kiosk's version and build id: sent in every heartbeat, shown in diagnostics and the self-test.

The version is the package's (pyproject.toml). The build id names the bundle a terminal runs: the
bundle build writes it into `build_id` next to this module (kiosk.spec); from source it is
"source", so a heartbeat tells a packaged terminal from a developer's run.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

BUILD_ID_FILE = Path(__file__).with_name("build_id")


@cache
def version() -> str:
    try:
        return package_version("tax-kiosk")
    except PackageNotFoundError:
        return "dev"


@cache
def build_id() -> str:
    try:
        return BUILD_ID_FILE.read_text(encoding="utf-8").strip() or "source"
    except OSError:
        return "source"
