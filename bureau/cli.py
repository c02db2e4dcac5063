"""`bureau serve | terminals add | seed | technicians add | hall call-next`: run and provision the reference bureau."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from bureau import hall_cli, keys, limits, store
from bureau.remote_help import cli as officers_cli


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from bureau import logmask
    from bureau.app import create_app
    from bureau.remote_help.settings import RemoteHelpSettings

    remote_help = RemoteHelpSettings.parse(args.remote_help_hours, args.ice_servers)
    path = store.sqlite_path(args.db)
    if path is not None and path.exists():
        keys.check_private(path, "the database (every taxpayer's records)")
    app = create_app(_db(args), remote_help=remote_help, max_body_bytes=args.max_body_bytes,
                     body_timeout_s=args.body_timeout_s, public_url=args.public_url or None)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                log_config=logmask.log_config(args.log_level), **limits.uvicorn_settings())
    return 0


def _db(args: argparse.Namespace) -> Engine:
    """The database, its key files checked: a missing, foreign or open key file stops the command here."""
    engine = store.open_engine(args.db)
    if args.keys_dir:
        keys.use(engine, Path(args.keys_dir))
    else:
        keys.of(engine)
    return engine


def _rotate_signing(args: argparse.Namespace) -> int:
    public = keys.rotate_signing(_db(args))
    print(f"new document signing key, public key {public}; documents signed before still check at the bureau")
    return 0


def _rotate_terminal_key(args: argparse.Namespace) -> int:
    count = keys.rotate_wrapping(_db(args))
    print(f"new terminal-key encryption key; {count} terminal key(s) re-encrypted")
    return 0


def _terminals_add(args: argparse.Namespace) -> int:
    from bureau.auth import add_terminal

    key_hex = add_terminal(_db(args), args.terminal_id)
    if args.key_file:
        fd = os.open(args.key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key_hex + "\n")
        os.chmod(args.key_file, 0o600)
    print(key_hex)
    return 0


def _seed(args: argparse.Namespace) -> int:
    from bureau.seed import seed

    engine = _db(args)
    counts = seed(engine, count=args.count, seed_value=args.seed)
    if args.card_holders:
        from bureau.card_holders import put_card_holders_on_file

        counts["card_holders"] = put_card_holders_on_file(engine)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


def _technicians_add(args: argparse.Namespace) -> int:
    from bureau.technicians import issue_card

    card_id, qr = issue_card(_db(args), args.name, args.days)
    print(f"card {card_id}\n{qr}")
    return 0


def _technicians_revoke(args: argparse.Namespace) -> int:
    from bureau.technicians import revoke_card

    if revoke_card(_db(args), args.card_id):
        print(f"revoked {args.card_id}")
        return 0
    print(f"no card {args.card_id}", file=sys.stderr)
    return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bureau", description="Reference central tax bureau")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", default=store.DEFAULT_URL, help="sqlite:///path or postgresql://user@host/db")
        p.add_argument("--keys-dir", help="the key files' folder (default: beside an SQLite file, <file>.keys)")
        return p

    serve = with_db(sub.add_parser("serve", help="run the HTTP API"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"],
                       help="info adds one access line per request (ID numbers masked, as in every line)")
    serve.add_argument("--max-body-bytes", type=int, default=limits.MAX_BODY_BYTES,
                       help="a larger request body is refused (413) before it is read")
    serve.add_argument("--body-timeout-s", type=float, default=limits.BODY_TIMEOUT_S,
                       help="a body not received whole within this time is refused (408)")
    serve.add_argument("--remote-help-hours", default="", help="video help hours, HH:MM-HH:MM (default: always)")
    serve.add_argument("--ice-servers", default="", help='STUN/TURN for video help, JSON: [{"urls": "turn:…"}]')
    serve.add_argument("--public-url", default=os.environ.get("BUREAU_PUBLIC_URL", ""),
                       help="the https address the public reaches this bureau at: documents' QR codes open its "
                            "verification page there (default: $BUREAU_PUBLIC_URL, else the address a request came to)")
    serve.set_defaults(func=_serve)

    terminals = sub.add_parser("terminals", help="provision terminals").add_subparsers(
        dest="action", required=True
    )
    add = with_db(terminals.add_parser("add", help="create (or re-key) a terminal and print its hex key"))
    add.add_argument("terminal_id")
    add.add_argument("--key-file", help="also write the key to this file, mode 0600")
    add.set_defaults(func=_terminals_add)

    seed = with_db(sub.add_parser("seed", help="replace the synthetic taxpayers with a deterministic set"))
    seed.add_argument("--count", type=int, default=200)
    seed.add_argument("--seed", type=int, default=11643)
    seed.add_argument("--card-holders", action="store_true",
                      help="also put the sample ID cards' holders on file (the demo's simulated reader)")
    seed.set_defaults(func=_seed)

    techs = sub.add_parser("technicians", help="technician cards").add_subparsers(
        dest="action", required=True
    )
    tadd = with_db(techs.add_parser("add", help="issue a signed card; prints its id and QR payload"))
    tadd.add_argument("name")
    tadd.add_argument("--days", type=int, default=30)
    tadd.set_defaults(func=_technicians_add)
    trev = with_db(techs.add_parser("revoke", help="revoke a card"))
    trev.add_argument("card_id")
    trev.set_defaults(func=_technicians_revoke)
    officers_cli.add_parser(sub, with_db)
    rotate = sub.add_parser("keys", help="the bureau's key files").add_subparsers(dest="action", required=True)
    with_db(rotate.add_parser("rotate-signing", help="a new document signing key (earlier documents still check)")
            ).set_defaults(func=_rotate_signing)
    with_db(rotate.add_parser("rotate-terminal-key", help="a new key encrypting the terminal keys at rest")
            ).set_defaults(func=_rotate_terminal_key)
    hall_cli.add_parser(sub, with_db)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except keys.BureauKeyError as exc:
        print(f"bureau: {exc}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())
