"""`kiosk diag ...`: field technician tools that run without the app.

`decode-id FILE` prints the record in a captured ID-card reader answer. The output is the
technician's own capture shown on their own screen, so it is not masked; it is never logged.
`scan-image FILE...` prints the codes the kiosk's decoder finds in still images (a photo of a
code that will not scan), one JSON line per file, with the image's load time and the decode time apart.
`selftest [--json]` runs the start-up and device checks headless (kiosk/diag/checks.py), for
remote support; `hash-pin` prints the technician PIN's hash for the config.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
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
    scan = diag_sub.add_parser("scan-image", help="print the codes found in still images, one JSON line per file")
    scan.add_argument("files", type=Path, nargs="+", help="PNG, JPEG or other images OpenCV reads")
    scan.set_defaults(func=scan_image)
    selftest = diag_sub.add_parser("selftest", help="start offscreen and run every check, devices included;"
                                   " exit 1 when one fails")
    selftest.add_argument("--config", type=Path, help="TOML config file (default: /etc/tax-kiosk/kiosk.toml)")
    selftest.add_argument("--json", action="store_true", help="one JSON document instead of lines")
    selftest.set_defaults(func=selftest_cmd)
    hash_pin = diag_sub.add_parser("hash-pin", help="read a technician PIN twice from the terminal and print the"
                                   " [diagnostics] pin_hash line")
    hash_pin.set_defaults(func=hash_pin_cmd)


def selftest_cmd(args: argparse.Namespace) -> int:
    from kiosk.config import ConfigError, load_config
    from kiosk.selftest_run import run_self_test

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        return 2
    return run_self_test(config, as_json=args.json)


def hash_pin_cmd(args: argparse.Namespace) -> int:
    import getpass

    from kiosk.diag.access import hash_pin

    pin = getpass.getpass("technician PIN (digits, 6 to 12): ")
    if not (pin.isdigit() and 6 <= len(pin) <= 12):
        print("kiosk: the PIN must be 6 to 12 digits (the keypad has digits only)", file=sys.stderr)
        return 2
    if getpass.getpass("again: ") != pin:
        print("kiosk: the two PINs differ", file=sys.stderr)
        return 2
    print(f'pin_hash = "{hash_pin(pin)}"')
    return 0


def decode_id(args: argparse.Namespace) -> int:
    from kiosk.input_limits import MAX_TEXT_FILE_BYTES, InputTooLarge, read_capped

    try:
        text = read_capped(args.file, MAX_TEXT_FILE_BYTES, "the capture").decode("ascii", errors="replace")
    except InputTooLarge as exc:
        print(f"decode-id: {exc}", file=sys.stderr)
        return 2
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


def scan_image(args: argparse.Namespace) -> int:
    """Exit 0 when every file was read as an image (found codes or not), 1 when one was not."""
    from drivers.scanner.qr_decode import decode_still, load_image
    from kiosk.input_limits import MAX_IMAGE_BYTES, check_file

    status = 0
    for path in args.files:
        line: dict[str, Any] = {"file": str(path)}
        try:
            check_file(path, MAX_IMAGE_BYTES, "the image")
            started = time.perf_counter()
            image = load_image(str(path))
            loaded = time.perf_counter()
            line["codes"] = decode_still(image)
            # Apart: reading and unpacking a PNG costs as much as decoding it, and only the decode
            # compares with bench/qr.py's per-frame figures.
            line["load_ms"] = round((loaded - started) * 1000, 1)
            line["decode_ms"] = round((time.perf_counter() - loaded) * 1000, 1)
        except ValueError as exc:
            line["error"] = str(exc)
            status = 1
        print(json.dumps(line, ensure_ascii=False), flush=True)
    return status
