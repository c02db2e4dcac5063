"""The A4 printer's `[devices.a4_printer]` settings, registered with the one driver registry.

driver = "qt" prints on a system printer (`printer = "<its name>"`) through QtPrintSupport;
driver = "sim" only writes the archive PDF. Both keep the PDF in `archive_dir` (default
<data_dir>/archive). The A4 code itself needs Qt, so it lives in kiosk/documents; this module
imports neither Qt nor cryptography, so `kiosk config check` and start-up check the settings cheaply.
"""

from __future__ import annotations

from pydantic import Field

from drivers.registry import REGISTRY, DriverSpec, lazy
from drivers.settings import Strict

DEFAULT_RETENTION_DAYS = 90.0


class A4ArchiveSettings(Strict):
    archive_dir: str = Field("", description="folder of the sealed archive pages; empty: <data_dir>/archive")
    archive_days: float = Field(DEFAULT_RETENTION_DAYS, ge=1, le=3650, description="how long a sealed page is kept")


class A4PrinterSettings(A4ArchiveSettings):
    printer: str = Field(min_length=1, description='the system printer\'s name, e.g. printer = "HallA4"')


_BUILD = lazy("kiosk.documents.a4_output", "build")  # (device, settings, data_dir=..., ledger=...)
REGISTRY.register(DriverSpec("a4_printer", "sim", _BUILD, A4ArchiveSettings))
REGISTRY.register(DriverSpec("a4_printer", "qt", _BUILD, A4PrinterSettings))
