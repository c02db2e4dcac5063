"""The support bundle: one zip a technician hands to support, with nothing personal in it.

It holds the config with secrets hidden, the recent logs (masked when written, scrubbed again on
the way in: kiosk/diag/scrub.py), the cached device report, outbox statistics (counts and reasons, no payloads) and
the version. The session's data, photos, print jobs and the outbox rows are never read.
"""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.diag.report import log_line, log_tail, outbox_stats, redacted_config
from kiosk.diag.scrub import scrub_names, scrub_numbers
from kiosk.logs import PII_REGISTRY
from kiosk.name_ledger import NameLedger

if TYPE_CHECKING:
    from kiosk.app import KioskApp

LOG_LINES = 5000


def scrub(text: str, ledger: NameLedger | None = None) -> str:
    """The log masking once more, over a whole file: personal numbers, phones, addresses, the current
    session's names and those of earlier sessions the name ledger recognises."""
    def known(name: str) -> bool:
        return PII_REGISTRY.knows(name) or (ledger is not None and ledger.knows(name))

    return scrub_names(PII_REGISTRY.mask(scrub_numbers(text)), known)


def write_bundle(kiosk: KioskApp, folder: Path) -> Path:
    """Write `support-<terminal>-<time>.zip` into `folder` (mode 600) and return its path."""
    from kiosk.version import build_id, version

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    config = kiosk.config
    path = folder / f"support-{config.terminal.id}-{time.strftime('%Y%m%d-%H%M%S')}.zip"
    parts: dict[str, Any] = {
        "config.json": redacted_config(config),
        "devices.json": kiosk.device_report(),
        "outbox.json": outbox_stats(kiosk.outbox) if kiosk.outbox is not None else {"outbox": "not open"},
        "version.json": {"version": version(), "build": build_id(), "terminal": config.terminal.id,
                         "written": time.strftime("%Y-%m-%dT%H:%M:%S%z")},
    }
    logs = "\n".join(log_line(e) for e in log_tail(config.paths.logs(), LOG_LINES)) + "\n"
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in parts.items():
            bundle.writestr(name, scrub(json.dumps(data, ensure_ascii=False, indent=2, default=str), kiosk.name_ledger))
        bundle.writestr("logs/kiosk.log", scrub(logs, kiosk.name_ledger))
    tmp.chmod(0o600)
    tmp.replace(path)
    return path
