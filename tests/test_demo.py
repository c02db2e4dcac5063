"""The README's run command, headless: a scripted journey that leaves screenshots behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def test_headless_demo_runs_the_journey_and_writes_screenshots(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "demo", "--out", str(out)],
        capture_output=True, text=True, timeout=180, env=env,
    )
    assert result.returncode == 0, result.stderr
    assert f"written to {out}" in result.stdout
    shots = sorted(p.name for p in out.glob("*.png"))
    assert shots == [
        "01-attract.png", "02-home-zh.png", "03-home-en.png", "04-home-en-elder.png",
        "05-vehicle-tax-en-elder.png", "06-ticket-confirm.png", "07-ticket-printed.png",
        "08-guides-topics.png", "09-guide-text.png", "10-idle-countdown.png",
        "11-after-timeout-attract.png", "12-next-session-home-zh.png",
    ]
    # The queue ticket really came out of the simulated printer, and its text was saved.
    printed = (out / "printed" / "receipt-01.txt").read_text(encoding="utf-8")
    assert "排队取号凭条" in printed and "A01-001" in printed
    for name in shots:
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1920, 1080)
    # The normal and elder home screens differ (elder mode changes the look, not just a flag).
    assert QImage(str(out / "03-home-en.png")) != QImage(str(out / "04-home-en-elder.png"))
    # The local bureau was started by the demo and the link indicator saw it.
    log = (out / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "bureau link down" not in log and "Traceback" not in result.stderr
    # What the taxpayers did reached the bureau through the outbox: the ticket and nothing twice.
    import json
    import sqlite3

    with sqlite3.connect(out / "bureau" / "bureau.db") as db:
        held = db.execute("SELECT kind, payload FROM transactions").fetchall()
    assert [kind for kind, _ in held] == ["queue_ticket"]
    assert json.loads(held[0][1])["number"] == "A01-001"
    # Heartbeats carried the printer's state to the bureau's fleet view.
    with sqlite3.connect(out / "bureau" / "bureau.db") as db:
        devices = db.execute("SELECT devices FROM terminals").fetchone()[0]
    # (the first heartbeat may go out before the printer's first status read: then it is honest "unknown")
    assert json.loads(devices)["receipt_printer"]["paper"] in ("full", "unknown")
