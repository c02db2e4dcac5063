"""`kiosk run --self-test` and `kiosk diag selftest`: start the app offscreen, run every check, exit 0 or name it.

Apart from the checks themselves (kiosk/selftest.py), which the app's own modules import: this
one starts the app, so keeping it apart keeps the checks free of start-up.
"""

from __future__ import annotations

import logging
import time

from kiosk.config import KioskConfig
from kiosk.selftest import Result, SelfTestContext, all_checks, run_checks

log = logging.getLogger(__name__)

FIRST_PAINT_TIMEOUT_S = 20.0


def _report(results: list[Result], as_json: bool = False) -> int:
    if as_json:
        import json

        failed = [r.name for r in results if not r.ok]
        print(json.dumps({"ok": not failed, "failed": failed,
                          "checks": [{"name": r.name, "ok": r.ok, "detail": r.detail} for r in results]},
                         ensure_ascii=False, indent=2), flush=True)
        (log.error if failed else log.info)("self-test done", extra={"failed": failed, "checks": len(results)})
        return 1 if failed else 0
    for r in results:
        print(f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.detail}", flush=True)
    failed = [r.name for r in results if not r.ok]
    if failed:
        print(f"self-test FAILED: {', '.join(failed)}", flush=True)
        log.error("self-test failed", extra={"failed": failed})
        return 1
    print(f"self-test passed ({len(results)} checks)", flush=True)
    log.info("self-test passed", extra={"checks": len(results)})
    return 0


def run_self_test(config: KioskConfig, as_json: bool = False) -> int:
    """Start the kiosk offscreen, wait for its first painted screen, run every check; 0 if all pass.

    `kiosk run --self-test` and `kiosk diag selftest [--json]` (remote support) both come here.
    """
    from kiosk import startup

    startup.use_offscreen()
    started = time.monotonic()
    try:
        qt_app, kiosk = startup.build(config)
    except Exception as exc:  # a start-up failure is the first thing to name; the checks say why
        from PySide6.QtWidgets import QApplication

        _keep = QApplication.instance() or QApplication([])  # the font checks need one
        failed = Result("app start", False, f"{type(exc).__name__}: {exc}")
        return _report([failed, *run_checks(SelfTestContext(config, None), all_checks())], as_json)
    from PySide6.QtCore import QTimer

    painted: list[float] = []

    def on_paint(t: float) -> None:
        painted.append(t)
        qt_app.exit(0)  # quit() asks windows to close, which the kiosk window refuses

    paint = startup.FirstPaint(on_paint)
    kiosk.window.attract.installEventFilter(paint)
    QTimer.singleShot(int(FIRST_PAINT_TIMEOUT_S * 1000), lambda: qt_app.exit(0))
    kiosk.show(fullscreen=False)
    qt_app.exec()
    if painted:
        first = Result("first paint", True, f"attract screen painted in {time.monotonic() - started:.2f} s")
    else:
        first = Result("first paint", False, f"no screen painted within {FIRST_PAINT_TIMEOUT_S:.0f} s")
    try:
        results = [first, *run_checks(SelfTestContext(config, kiosk), all_checks())]
    finally:
        kiosk.shutdown()
    return _report(results, as_json)
