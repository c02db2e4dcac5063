"""`kiosk queue status|list|retry|export`: the outbox from the command line (remote support).

Safe while the kiosk runs: SQLite WAL lets this process read and write beside the sync worker,
which picks up a lifted pause or retried rows on its next poll.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kiosk import outbox_custody
from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.input_limits import MAX_ID_CHARS, MAX_IDS, InputTooLarge, bounded_int, check_count, short_text
from kiosk.sync_client import BureauClient, TlsPolicy, outbox_path
from offline_queue.cipher import KeyFileError
from offline_queue.outbox import STATES, Outbox
from offline_queue.store import StorageError, integrity_ok
from offline_queue.sync import LAST_SYNC_META, PAUSED_META, TransportError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    queue = sub.add_parser("queue", help="inspect and retry the offline outbox")
    queue.add_argument("--config", type=Path, help="TOML config file (default: /etc/tax-kiosk/kiosk.toml)")
    queue.add_argument("--db", type=Path, help="outbox database (default: <data_dir>/outbox.db)")
    qsub = queue.add_subparsers(dest="queue_command", required=True)

    status = qsub.add_parser("status", help="backlog, oldest pending, last sync, pause, link")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--no-probe", action="store_true", help="do not check the bureau link")
    status.set_defaults(func=cmd_status)

    listing = qsub.add_parser("list", help="transactions, newest first (personal data withheld)")
    listing.add_argument("--state", choices=STATES)
    listing.add_argument("--limit", type=bounded_int(1, 100_000), default=50)
    listing.set_defaults(func=cmd_list)

    retry = qsub.add_parser("retry", help="lift a pause and send pending rows now; optionally retry rejected")
    retry.add_argument("ids", nargs="*", type=short_text(MAX_ID_CHARS), help="rejected transactions to send again")
    retry.add_argument("--rejected", action="store_true", help="send every rejected transaction again")
    retry.set_defaults(func=cmd_retry)

    export = qsub.add_parser("export", help="write transactions as JSON lines (personal data withheld)")
    export.add_argument("file", type=Path, help="output file, '-' for stdout")
    export.add_argument("--state", choices=STATES)
    export.set_defaults(func=cmd_export)
    outbox_custody.register(qsub)


Command = Callable[[argparse.Namespace, KioskConfig, Outbox], int]


def _on_outbox(command: Command) -> Callable[[argparse.Namespace], int]:
    """A queue command run on the configured outbox, closed after it; 2 when either cannot be opened."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        try:
            config = load_config(args.config)
            outbox = Outbox.open(args.db or outbox_path(config), adopt=False)  # never writes a file
        except (ConfigError, KeyFileError, StorageError, OSError) as exc:
            print(f"kiosk queue: {exc}", file=sys.stderr)
            return 2
        try:
            return command(args, config, outbox)
        finally:
            outbox.close()

    return run


def _when(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def _probe(config: KioskConfig, timeout_s: float) -> str:
    """The bureau's /health through the configured TLS checks, as the kiosk itself would see it."""
    try:
        client = BureauClient(config.bureau.url, config.terminal.id, b"", tls=TlsPolicy.of(config.bureau))
        return "up" if client.probe("/health", timeout_s)[0] == 200 else "down"
    except (TransportError, ConfigError):
        return "down"


@_on_outbox
def cmd_status(args: argparse.Namespace, config: KioskConfig, outbox: Outbox) -> int:
    backlog = outbox.backlog()
    last = outbox.get_meta(LAST_SYNC_META)
    ok, first = integrity_ok(outbox.db)
    oldest = backlog.oldest_pending_ts
    report = {
        "link": None if args.no_probe else _probe(config, min(config.bureau.timeout_s, 3.0)),
        "paused": outbox.get_meta(PAUSED_META),
        "pending": backlog.pending,
        "counts": backlog.counts,
        "oldest_pending_age_s": None if oldest is None else round(time.time() - oldest, 1),
        "last_sync": _when(float(last)) if last else None,
        "integrity": first,
        "custody": outbox.refused() or "ok",  # "the bureau already holds …": `kiosk queue recover`
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for key, value in report.items():
            print(f"{key:22} {value if value is not None else '-'}")
    return 0 if ok and outbox.refused() is None else 1


@_on_outbox
def cmd_list(args: argparse.Namespace, _config: KioskConfig, outbox: Outbox) -> int:
    for row in outbox.rows(args.state, args.limit):
        reason = f"  {row['reason']}" if row["reason"] else ""
        print(f"{row['seq']:>8}  {row['id']}  {row['state']:8} {row['kind']:16} {row['created_at']}"
              f"  tries={row['attempts']}{reason}")
    return 0


@_on_outbox
def cmd_retry(args: argparse.Namespace, _config: KioskConfig, outbox: Outbox) -> int:
    try:
        check_count(args.ids, MAX_IDS, "ids")
    except InputTooLarge as exc:
        print(f"kiosk queue retry: {exc}", file=sys.stderr)
        return 2
    was_paused = outbox.get_meta(PAUSED_META)
    outbox.set_meta(PAUSED_META, None)
    if args.ids or args.rejected:
        changed = outbox.retry(args.ids or None)
    else:
        changed = 0
        outbox.retry([])  # only "all pending due now"
    if was_paused:
        print(f"resumed (was paused: {was_paused})")
    print(f"{changed} rejected transaction(s) queued again; pending ones are due now")
    if args.ids and changed < len(args.ids):
        print(f"{len(args.ids) - changed} id(s) were not rejected transactions", file=sys.stderr)
        return 1
    return 0


@_on_outbox
def cmd_export(args: argparse.Namespace, _config: KioskConfig, outbox: Outbox) -> int:
    rows = outbox.rows(args.state, limit=-1)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if str(args.file) == "-":
        sys.stdout.write(lines)
    else:
        args.file.write_text(lines, encoding="utf-8")
        print(f"{len(rows)} transaction(s) written to {args.file}")
    return 0
