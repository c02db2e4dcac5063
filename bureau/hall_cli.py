"""`bureau hall call-next|answer-help`: a counter calls the next ticket; staff answer a terminal's call.

The hall display (`/hall/HALL_ID/display`) shows the call within its refresh.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bureau import hall, store


def _call_next(args: argparse.Namespace) -> int:
    call = hall.call_next(store.open_engine(args.db), args.hall, args.counter, args.business)
    if call is None:
        print("nobody is waiting", file=sys.stderr)
        return 1
    print(f"{call['number']} → counter {call['counter']}")
    return 0


def _answer_help(args: argparse.Namespace) -> int:
    print(f"{hall.answer_help(store.open_engine(args.db), args.hall, args.terminal_id)} call(s) answered")
    return 0


def add_parser(sub: argparse._SubParsersAction, with_db: Callable[[argparse.ArgumentParser],  # type: ignore[type-arg]
               argparse.ArgumentParser]) -> None:
    halls = sub.add_parser("hall", help="a hall's calling queue (its display: /hall/HALL_ID/display)").add_subparsers(
        dest="action", required=True)
    call = with_db(halls.add_parser("call-next", help="call the next waiting ticket to a counter"))
    call.add_argument("--hall", required=True, help="the hall id, as in the terminals' [terminal] hall_id")
    call.add_argument("--counter", required=True, help="the counter's number, shown on the display")
    call.add_argument("--business", default="", help="only these business letters (e.g. AB); default any")
    call.set_defaults(func=_call_next)
    answer = with_db(halls.add_parser("answer-help", help="a terminal's call for staff has been answered"))
    answer.add_argument("--hall", required=True)
    answer.add_argument("terminal_id")
    answer.set_defaults(func=_answer_help)
