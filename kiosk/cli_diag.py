"""`kiosk diag ...`: field technician tools that run without the app.

`decode-id FILE` prints the record in a captured ID-card reader answer. The output is the
technician's own capture shown on their own screen, so it is not masked; it is never logged.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from drivers.idcard.capture import decode_hex
from drivers.idcard.frames import DecodeError


def register(sub: Any) -> None:
    diag = sub.add_parser("diag", help="technician tools: decode captures, test devices")
    diag_sub = diag.add_subparsers(dest="diag_command", required=True)
    decode = diag_sub.add_parser("decode-id", help="print the ID-card record in a captured reader answer (hex)")
    decode.add_argument("file", type=Path, help="text file with the answer frame in hex; spaces and newlines allowed")
    decode.set_defaults(func=decode_id)


def decode_id(args: argparse.Namespace) -> int:
    try:
        text = args.file.read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        print(f"decode-id: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        record = decode_hex(text)
    except DecodeError as exc:
        print(f"decode-id: {args.file}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(record.to_json(), ensure_ascii=False, indent=2))
    return 0
