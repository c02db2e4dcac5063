"""The `kiosk` command. Each area adds its subcommands from its own module (`register`)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

# Modules with `register(subparsers)`, and the commands each registers; each sets `func` on its
# parsers via set_defaults. `kiosk run` imports only its own module: the outbox and printer
# tools behind the other commands would cost the attract screen half a second.
COMMAND_MODULES = {
    "kiosk.cli_app": ("run", "demo", "config"),
    "kiosk.cli_queue": ("queue",),
    "kiosk.cli_printing": ("printer",),
    "kiosk.cli_diag": ("diag",),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or only the module that registers `command` when one does."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Self-service tax terminal (自助办税终端)")
    sub = parser.add_subparsers(dest="command", required=True)
    owners = [name for name, commands in COMMAND_MODULES.items() if command in commands]
    for name in owners or COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    return func(args)


if __name__ == "__main__":
    sys.exit(main())
