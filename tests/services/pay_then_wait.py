"""A kiosk process that walks 清缴税费 up to the pay step, prints the payment link and waits to be killed.

    python pay_then_wait.py CONFIG.json ID_NUMBER

Driven through the flow engine as taps would drive it; used by test_payment_crash.py, which
SIGKILLs it right after the payer has paid, before the kiosk has seen it (no voucher printed).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402

from drivers.camera.sim import drawn_face  # noqa: E402
from kiosk.config import parse_config  # noqa: E402
from kiosk.startup import build  # noqa: E402


def main() -> None:
    config = parse_config(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    number = sys.argv[2]
    qt_app, kiosk = build(config)
    kiosk.show(fullscreen=False)
    kiosk.start_session()
    kiosk.engine.start(kiosk.flows["clear_arrears"], {"terminal_id": config.terminal.id, "service": "clear_arrears"})
    kiosk.camera.simulator.present(drawn_face())  # the taxpayer stands in front of the camera
    answers = [{"id_number": number}, {}, None, {}]  # identify, face, choose (filled in below), confirm

    def step() -> None:
        engine = kiosk.engine
        if kiosk.payment_watch.active:
            print(engine.context["payment"]["pay_url"], flush=True)
            return
        if not engine.busy_now and answers:
            values = answers.pop(0)
            if values is None:
                values = {"chosen": str(engine.context["arrears"][0]["id"])}
            engine.submit(values)
        QTimer.singleShot(100, step)

    QTimer.singleShot(100, step)
    qt_app.exec()


if __name__ == "__main__":
    main()
