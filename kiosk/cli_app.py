"""`kiosk run`, `kiosk demo` and `kiosk config check`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import ConfigError, load_config
from offline_queue.key_files import KeyFileError

if TYPE_CHECKING:
    from kiosk.app import KioskApp


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser("run", help="run the kiosk (fullscreen) with the configured devices and bureau")
    run.add_argument("--config", type=Path, help="TOML config file (default: /etc/tax-kiosk/kiosk.toml)")
    run.add_argument("--windowed", action="store_true", help="open a window instead of fullscreen")
    run.add_argument("--exit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    run.add_argument("--self-test", action="store_true",
                     help="start offscreen, check config, folders, font, translations and libraries; exit 0 or name"
                     " what failed")
    run.set_defaults(func=cmd_run)

    demo = sub.add_parser("demo", help="run with simulated devices and a local reference bureau")
    demo.add_argument("--config", type=Path, help="TOML config file (default: the simulated demo)")
    demo.add_argument("--headless", action="store_true", help="run the scripted journey offscreen")
    demo.add_argument("--windowed", action="store_true", help="open a window instead of fullscreen")
    demo.add_argument("--out", type=Path, help="folder for screenshots and printed output")
    demo.set_defaults(func=cmd_demo)

    config = sub.add_parser("config", help="configuration tools")
    config_sub = config.add_subparsers(dest="config_command", required=True)
    check = config_sub.add_parser(
        "check", help="validate a config file with every check start-up makes, then print the effective values")
    check.add_argument("file", type=Path)
    check.set_defaults(func=cmd_config_check)


def _load(path: Path | None) -> object:
    try:
        return load_config(path)
    except ConfigError as exc:
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        return None


def cmd_config_check(args: argparse.Namespace) -> int:
    """One line per start-up check (the same code `kiosk run` runs), then the effective values; 1 if any failed."""
    import json

    from kiosk.config import KioskConfig
    from kiosk.preflight import report

    config = _load(args.file)
    if not isinstance(config, KioskConfig):
        return 2
    verdicts = report(config)
    for v in verdicts:
        print(f"{'ok  ' if v.ok else 'FAIL'} {v.name}: {v.detail}", file=sys.stdout if v.ok else sys.stderr)
    values = {**config.model_dump(), "source": config.source}
    if values["diagnostics"]["pin_hash"]:  # a short PIN falls to an offline search of its hash
        values["diagnostics"]["pin_hash"] = "<set>"
    print(json.dumps(values, ensure_ascii=False, indent=2))
    return 0 if all(v.ok for v in verdicts) else 1


def cmd_run(args: argparse.Namespace) -> int:
    from kiosk.config import KioskConfig

    config = _load(args.config)
    if not isinstance(config, KioskConfig):
        if args.self_test:
            print("FAIL config: see the error above\nself-test FAILED: config", file=sys.stderr)
        return 2
    if args.self_test:
        from kiosk.selftest_run import run_self_test

        return run_self_test(config)
    from kiosk import startup

    if not startup.has_display():
        startup.use_offscreen()
    try:
        qt_app, window, languages = startup.open_window(config)  # the attract screen first; the rest loads behind it
    except (ConfigError, KeyFileError) as exc:
        print(f"kiosk: cannot start: {exc}", file=sys.stderr)
        return 2
    from kiosk.watchdog import SystemdWatchdog

    watchdog = SystemdWatchdog(parent=qt_app)  # systemd's Type=notify and WatchdogSec (build/debian)
    live: list[KioskApp] = []

    def on_live(kiosk: KioskApp) -> None:
        live.append(kiosk)
        kiosk.start()
        watchdog.start()
        if args.exit_after_first_paint:
            _report("live", time.time())

    def on_error(exc: Exception) -> None:
        print(f"kiosk: cannot start: {exc}", file=sys.stderr)
        qt_app.exit(2)

    go_live = startup.GoLive(config, qt_app, window, languages, on_live, on_error)
    if args.exit_after_first_paint:
        paint = startup.FirstPaint(lambda t: _report("first-paint", t, exit_after=False))
        window.attract.installEventFilter(paint)
    window.present(config.display.fullscreen and not args.windowed, config.display.width, config.display.height)
    go_live.start_after_paint()
    code = qt_app.exec()
    watchdog.stopping()
    if live:
        live[0].shutdown()
    return code


def _report(event: str, t: float, exit_after: bool = True) -> None:
    """For bench/startup.py: when the screen was first painted, when the kiosk went live, RSS then."""
    import os

    with open("/proc/self/status") as status:
        rss_kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    print(f"{event} {t:.6f} rss-kb {rss_kb}", flush=True)
    if exit_after:
        os._exit(0)


def cmd_demo(args: argparse.Namespace) -> int:
    from kiosk.config import KioskConfig
    from kiosk.demo import run_demo

    config = _load(args.config)
    if not isinstance(config, KioskConfig):
        return 2
    return run_demo(config, headless=args.headless, windowed=args.windowed, out=args.out)
