"""The `kiosk` command. Each area adds its subcommands from its own module (`register`)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable

# Modules with `register(subparsers)`; each sets `func` on its parsers via set_defaults.
COMMAND_MODULES = [
    "kiosk.cli_app",
    "kiosk.cli_queue",
    "kiosk.cli_printing",
    "kiosk.cli_diag",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Self-service tax terminal (自助办税终端)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    return func(args)


if __name__ == "__main__":
    sys.exit(main())
