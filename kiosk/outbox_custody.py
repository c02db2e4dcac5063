"""`kiosk queue init` and `kiosk queue recover`: the only two ways a fresh outbox is made.

Both ask the bureau for this terminal's highest sequence number first (its signed
`GET /v1/sequence`), so a new outbox never reuses a number the bureau already holds: `init`
refuses when the bureau has any (this is then not a new terminal), `recover` resumes above it.
"""

from __future__ import annotations

import argparse
import logging
import sys

import sqlite_utils

from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.input_limits import bounded_int, short_text
from kiosk.logs import setup_logging
from kiosk.sync_client import bureau_client, outbox_path
from offline_queue import custody
from offline_queue.key_files import KeyFileError
from offline_queue.outbox import Outbox
from offline_queue.sync import PAUSED_META, TransportError

log = logging.getLogger(__name__)
SEQUENCE_PATH = "/v1/sequence"
SEQ_CLASH = "seq "  # the bureau's reason for a number another transaction holds: "seq N already used by …"


class BureauUnknown(RuntimeError):
    """The bureau's highest sequence number could not be learnt."""


def bureau_highest_seq(config: KioskConfig) -> int:
    try:
        client = bureau_client(config)
        reply = client.get_json(SEQUENCE_PATH, min(config.bureau.timeout_s, 10.0))
    except (TransportError, ConfigError, KeyFileError, OSError) as exc:
        raise BureauUnknown(f"the bureau cannot be reached ({exc})") from exc
    body = reply.body
    if reply.status != 200 or not isinstance(body, dict) or not isinstance(body.get("highest_seq"), int):
        raise BureauUnknown(f"the bureau did not say (HTTP {reply.status})")
    return int(body["highest_seq"])


def install_in_new_folder(config: KioskConfig) -> None:
    """The demo and the screenshot run are new terminals in folders of their own: their outbox is
    made like `kiosk queue init --offline`, and only where no outbox file is yet."""
    path = outbox_path(config)
    if not custody.Files.of(path).existing():
        Outbox.create(path).close()


def register(qsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = qsub.add_parser("init", help="first install: create this terminal's outbox and key (never over one)")
    init.add_argument("--offline", action="store_true",
                      help="create it without asking the bureau (only for a terminal that has never sent anything)")
    init.set_defaults(func=cmd_init)
    recover = qsub.add_parser(
        "recover", help="restore service after a missing, emptied, damaged or mismatched outbox or key")
    recover.add_argument("--above", type=bounded_int(0, 2**62), metavar="N",
                         help="resume numbering above N (the fleet page's highest) when the bureau is unreachable")
    recover.add_argument("--reason", type=short_text(), default="technician recovery",
                         help="noted in the custody marker")
    recover.set_defaults(func=cmd_recover)


def _config(args: argparse.Namespace) -> KioskConfig | None:
    """The config, with the kiosk's own log opened: what init and recover do is logged where the kiosk logs."""
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"kiosk queue: configuration error: {exc}", file=sys.stderr)
        return None
    try:
        setup_logging(config.paths.logs(), config.logging.level, config.logging.max_bytes, config.logging.backups)
    except OSError as exc:
        print(f"kiosk queue: the log at {config.paths.logs()} cannot be written ({exc.strerror})", file=sys.stderr)
    return config


def cmd_init(args: argparse.Namespace) -> int:
    config = _config(args)
    if config is None:
        return 2
    path = args.db or outbox_path(config)
    if found := custody.Files.of(path).existing():
        print(f"kiosk queue init: {found[0]}: an outbox (or its key) is already here; it is never replaced by a "
              "fresh one. `kiosk queue status` shows its state.", file=sys.stderr)
        return 2
    if not args.offline:
        try:
            highest = bureau_highest_seq(config)
        except BureauUnknown as exc:
            print(f"kiosk queue init: {exc}. A new terminal's outbox is made once the bureau confirms it has no "
                  "transactions from it; if it truly never sent any, run again with --offline.", file=sys.stderr)
            return 2
        if highest:
            print(f"kiosk queue init: the bureau holds {highest} transaction number(s) from terminal "
                  f"{config.terminal.id}: this is not a new terminal. If [paths] data_dir is wrong, fix it; if the "
                  "outbox was lost, use `kiosk queue recover`. Nothing was created.", file=sys.stderr)
            return 2
    try:
        Outbox.create(path).close()
    except (custody.CustodyError, KeyFileError, OSError) as exc:
        print(f"kiosk queue init: {exc}", file=sys.stderr)
        return 2
    log.warning("outbox created (first install)", extra={"path": str(path)})
    print(f"outbox created at {path} (key {custody.Files.of(path).key.name}, marker "
          f"{custody.Files.of(path).marker.name} beside it)")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    config = _config(args)
    if config is None:
        return 2
    path = args.db or outbox_path(config)
    files = custody.Files.of(path)
    try:
        highest = bureau_highest_seq(config)
    except BureauUnknown as exc:
        if args.above is None:
            print(f"kiosk queue recover: {exc}. Give the highest sequence number the fleet page shows for "
                  f"{config.terminal.id} with --above N.", file=sys.stderr)
            return 2
        highest = 0
    highest = max(highest, args.above or 0)
    try:
        outbox = Outbox.open(path)
    except custody.CustodyError as exc:
        if not files.existing():
            print(f"kiosk queue recover: {exc}", file=sys.stderr)
            return 2
        print(f"found: {exc.problem}")
        db, _key, kept = custody.replace(files, highest + 1, args.reason)
        db.close()
        for aside in kept:
            print(f"kept for inspection: {aside}")
        log.warning("outbox replaced by a technician", extra={"path": str(path), "next_seq": highest + 1,
                                                              "kept": [str(p) for p in kept]})
        print(f"a new outbox at {path} numbers from {highest + 1}; the kiosk takes transactions after a restart")
        return 0
    except (KeyFileError, OSError) as exc:
        print(f"kiosk queue recover: {exc}", file=sys.stderr)
        return 2
    try:
        return _resume_above(outbox, highest, path)
    finally:
        outbox.close()


def _resume_above(outbox: Outbox, highest: int, path: object) -> int:
    """A sound outbox the bureau is ahead of: number on above the bureau, and renumber the rows it
    refused for a number another transaction holds (their ids are unknown to it)."""
    renumbered: list[int] = []

    def renumber(db: sqlite_utils.Database) -> None:
        conn = db.conn
        start = max(highest, int(outbox.get_meta("next_seq") or 1) - 1,
                    conn.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0]) + 1
        clashed = [r[0] for r in conn.execute(
            "SELECT id FROM outbox WHERE state = 'rejected' AND reason LIKE ? ORDER BY seq", (SEQ_CLASH + "%",))]
        for offset, txn_id in enumerate(clashed):
            conn.execute("UPDATE outbox SET seq = ?, state = 'pending', reason = NULL, next_due = 0 WHERE id = ?",
                         (start + offset, txn_id))
        conn.execute("UPDATE outbox_meta SET value = ? WHERE name = 'next_seq'", (str(start + len(clashed)),))
        conn.execute("DELETE FROM outbox_meta WHERE name IN (?, ?)", (custody.REFUSED_META, PAUSED_META))
        renumbered.append(len(clashed))

    was = outbox.refused()
    if was is None and highest < int(outbox.get_meta("next_seq") or 1):
        print(f"the outbox at {path} is sound and ahead of the bureau (highest {highest}): nothing to recover")
        return 0
    outbox.write(renumber)
    moved = renumbered[0]
    log.warning("outbox numbering resumed above the bureau's", extra={"highest": highest, "renumbered": moved})
    print(f"numbering resumes above {highest}; {moved} refused transaction(s) renumbered and queued again")
    return 0
