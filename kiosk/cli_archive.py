"""`kiosk printer archive list|open|purge`: the sealed A4 archive for a technician.

`open` writes one page in clear where the technician says (to hand to the taxpayer or an
auditor); nothing else ever writes it in clear. `purge` applies the retention now.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.config import ConfigError, load_config
from kiosk.documents.a4_output import archive_folder
from kiosk.documents.archive import DEFAULT_RETENTION_DAYS, ArchiveError, SealedArchive
from kiosk.input_limits import MAX_ID_CHARS, short_text
from offline_queue.key_files import KeyFileError


def register(psub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    archive = psub.add_parser("archive", help="the sealed A4 archive: list, open one page, purge old pages")
    archive.add_argument("--config", type=Path, help="TOML config file (default: /etc/tax-kiosk/kiosk.toml)")
    asub = archive.add_subparsers(dest="archive_command", required=True)
    asub.add_parser("list", help="archived job ids").set_defaults(func=cmd_archive)
    opener = asub.add_parser("open", help="write one archived page as a plain PDF")
    opener.add_argument("job_id", type=short_text(MAX_ID_CHARS))
    opener.add_argument("--out", type=Path, required=True, help="where to write the PDF")
    opener.set_defaults(func=cmd_archive)
    asub.add_parser("purge", help="delete pages past [devices.a4_printer] archive_days now").set_defaults(
        func=cmd_archive)


def cmd_archive(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config)
        device = config.devices.get("a4_printer")
        settings = device.settings if device is not None else {}
        archive = SealedArchive.for_reading(config.paths.data(), archive_folder(settings, config.paths.data()))
    except (ConfigError, KeyFileError, FileNotFoundError) as exc:
        print(f"kiosk printer archive: {exc or 'no archive key: nothing was archived here'}", file=sys.stderr)
        return 2
    if args.archive_command == "list":
        for job_id in archive.job_ids():
            print(job_id)
        return 0
    if args.archive_command == "purge":
        archive.retention_s = float(str(settings.get("archive_days", DEFAULT_RETENTION_DAYS))) * 86400
        print(f"{archive.purge()} page(s) past {archive.retention_s / 86400:g} days deleted")
        return 0
    try:
        data = archive.open(args.job_id)
    except ArchiveError as exc:
        print(f"kiosk printer archive: {exc}", file=sys.stderr)
        return 1
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data):,} bytes")
    return 0
