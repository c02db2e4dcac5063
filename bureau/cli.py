"""`bureau serve` and `bureau terminals add`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_DB = "sqlite:///bureau.db"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bureau", description="Reference central tax bureau")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--db", default=DEFAULT_DB, help="database URL (default %(default)s)")
    terminals = sub.add_parser("terminals", help="manage terminals")
    terminals_sub = terminals.add_subparsers(dest="terminals_command", required=True)
    add = terminals_sub.add_parser("add", help="register a terminal and print its new key (hex)")
    add.add_argument("terminal_id")
    add.add_argument("--db", default=DEFAULT_DB)
    add.add_argument("--key-file", type=Path, help="also write the key here, readable by its owner only")
    args = parser.parse_args(argv)

    from bureau.store import open_url

    try:
        store = open_url(args.db)
    except ValueError as exc:
        print(f"bureau: {exc}", file=sys.stderr)
        return 2
    if args.command == "serve":
        import uvicorn

        from bureau.app import create_app

        uvicorn.run(create_app(store), host=args.host, port=args.port, log_level="warning")
        return 0
    key = store.add_terminal(args.terminal_id)
    if args.key_file:
        args.key_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(args.key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key.hex() + "\n")
        os.chmod(args.key_file, 0o600)
    print(key.hex())
    return 0


if __name__ == "__main__":
    sys.exit(main())
