"""`bureau officers add|list|disable`: the remote-help console's accounts."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from bureau import store
from bureau.remote_help import officers


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise officers.OfficerError("the two passwords differ")
    return first


def _add(args: argparse.Namespace) -> int:
    try:
        officers.add(store.open_engine(args.db), args.login, args.name, _password(args))
    except officers.OfficerError as refused:
        print(f"officers add: {refused}", file=sys.stderr)
        return 2
    print(f"officer {args.login} can sign in")
    return 0


def _list(args: argparse.Namespace) -> int:
    for officer in officers.listing(store.open_engine(args.db)):
        print(f"{officer.login}\t{officer.name}\t{'disabled' if officer.disabled else 'active'}")
    return 0


def _disable(args: argparse.Namespace) -> int:
    if officers.disable(store.open_engine(args.db), args.login):
        print(f"officer {args.login} disabled; their sessions are ended")
        return 0
    print(f"no officer {args.login}", file=sys.stderr)
    return 1


def add_parser(sub: argparse._SubParsersAction, with_db: Callable[[argparse.ArgumentParser],  # type: ignore[type-arg]
               argparse.ArgumentParser]) -> None:
    actions = sub.add_parser("officers", help="remote-help officer accounts").add_subparsers(
        dest="action", required=True)
    add = with_db(actions.add_parser("add", help="create an account (or set a new password and re-enable it)"))
    add.add_argument("login")
    add.add_argument("--name", required=True, help="shown to the taxpayer when the officer answers")
    add.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    add.set_defaults(func=_add)
    with_db(actions.add_parser("list", help="accounts and whether they are active")).set_defaults(func=_list)
    off = with_db(actions.add_parser("disable", help="refuse sign-in and end the account's sessions"))
    off.add_argument("login")
    off.set_defaults(func=_disable)
