"""A kiosk in this process on every simulated device, linked to `bureau serve` in its own process.

Shared by bench/gui_stall.py and bench/soak.py: the bureau runs elsewhere so that what they
measure (event-loop lag, memory, threads, files) is the kiosk's alone. The kiosk is built as
`kiosk run` builds it (kiosk.startup.build), offscreen; the driver taps real buttons and waits
by turning the event loop, as a person's taps would arrive.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton  # noqa: E402

from drivers.camera.sim import drawn_face  # noqa: E402
from drivers.idcard.record import CardType  # noqa: E402
from drivers.idcard.samples import CARDS  # noqa: E402
from kiosk.config import parse_config  # noqa: E402
from kiosk.local_bureau import LocalBureau  # noqa: E402

TERMINAL = "GD-BENCH-0001"
NUMBER = CARDS[CardType.RESIDENT]["id_number"]


def start_bureau(folder: Path) -> tuple[LocalBureau, Path]:
    """`bureau serve` seeded with the sample card holders, this terminal registered; its key file."""
    bureau = LocalBureau(folder / "bureau")
    key_file = folder / "data" / "terminal.key"
    bureau.provision(TERMINAL, key_file)
    bureau.start()
    return bureau, key_file


def owe(bureau: LocalBureau, n: int) -> None:
    """One small debt for the sample resident, for visit `n` to pay (straight into the bureau's db)."""
    db = sqlite3.connect(str(bureau.folder / "bureau.db"), timeout=10)
    try:
        with db:
            db.execute("INSERT INTO arrears (id_number, tax_kind, period, amount_cents, late_fee_cents)"
                       " VALUES (?, ?, ?, ?, ?)", (NUMBER, "印花税", f"2025-{n % 12 + 1:02d}", 1000 + n % 997, 0))
    finally:
        db.close()


def build_kiosk(folder: Path, bureau: LocalBureau, key_file: Path) -> tuple[Any, Any]:
    from kiosk.startup import build
    from offline_queue.outbox import Outbox

    (folder / "data").mkdir(mode=0o700, parents=True, exist_ok=True)
    Outbox.create(folder / "data" / "outbox.db").close()  # installed, as `kiosk queue init` leaves it

    config = parse_config({
        "terminal": {"id": TERMINAL, "hall": "天河区办税服务厅"},
        "paths": {"data_dir": str(folder / "data"), "log_dir": str(folder / "logs")},
        "bureau": {"url": bureau.url, "start_local": False, "timeout_s": 5.0, "health_interval_s": 2.0,
                   "terminal_key_file": str(key_file)},
        "display": {"fullscreen": False},
        "logging": {"level": "WARNING"},
        "devices": {"a4_printer": {"driver": "sim", "archive_dir": str(folder / "archive")}},
    })
    return build(config)


def wait_until(condition: Callable[[], bool], timeout_s: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout_s:.0f} s for {what or condition}")
        turn(0.01)


def turn(seconds: float) -> None:
    """Let the event loop run for a while (timers, device results, paints), as `exec()` would."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def wait_tappable(button: QAbstractButton | None = None) -> None:
    """As a person waits: until the screen has painted and settled (kiosk/input_guard.py), and the
    same button again is not a double tap."""
    from kiosk.input_guard import InputGuard

    turn(0)
    guard = InputGuard.current()
    wait_until(lambda: guard is None or guard.accepts_tap(button), 10, "a settled screen")


def tap(button: QAbstractButton) -> None:
    wait_tappable(button)
    if not (button.isVisible() and button.isEnabled()):
        raise RuntimeError(f"button {button.text()!r} cannot be tapped")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def step_title(kiosk: Any) -> str:
    return str(kiosk.window.step.title.text())


def wait_step(kiosk: Any, title: str, timeout_s: float = 30.0) -> None:
    wait_until(lambda: step_title(kiosk) == title and not kiosk.engine.busy_now, timeout_s, f"step {title!r}")


def tap_choice(kiosk: Any, index: int = 0) -> None:
    buttons = [b for i in kiosk.window.step.inputs if i.spec.kind in ("choice", "multi") for b in i.group.buttons()]
    tap(buttons[index])


# 清缴税费, as a taxpayer walks it (tests/services/test_clear_arrears.py): the steps' titles.
FACE, CHOOSE = "请正对摄像头，核验身份", "请选择要缴纳的欠缴税费"
CHECK, VOUCHER = "请核对缴费信息", "请取走您的缴款凭证"


def visit(kiosk: Any, pay: Callable[[str], None]) -> None:
    """One complete visit: touch, 清缴税费, ID card, face, choose the debt, confirm, pay by phone (`pay`
    with the payment link), the voucher printed, the card lifted, then nobody taps: the session
    times out back to the attract screen. The bureau must owe one debt (`owe`)."""
    w = kiosk.window
    wait_tappable()
    QTest.mouseClick(w.attract, Qt.MouseButton.LeftButton)
    wait_until(lambda: w.current_screen() is w.home, 10, "the home screen")
    tap(w.home.tiles["clear_arrears"])
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    wait_step(kiosk, FACE)
    kiosk.camera.simulator.present(drawn_face())
    tap(w.step.next_button)
    wait_step(kiosk, CHOOSE)
    tap_choice(kiosk, 0)
    tap(w.step.next_button)
    wait_step(kiosk, CHECK)
    tap(w.step.next_button)
    wait_until(lambda: kiosk.payment_watch.active, 30, "the payment step")
    pay(str(kiosk.engine.context["payment"]["pay_url"]))
    wait_step(kiosk, VOUCHER)
    kiosk.id_reader.simulator.lift()
    wait_until(lambda: not kiosk.session.active and w.current_screen() is w.attract, 30, "the time-out")


def short_idle(kiosk: Any) -> None:
    """The idle time-out in a fraction of a second (0.3 s, then a countdown of 50 ms ticks)."""
    kiosk.idle.set_intervals(300, 50)


def print_load() -> None:
    """The machine's load first: figures from a busy 2-core machine mean little without it."""
    print(f"machine: uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}",
          flush=True)


def wait_live(kiosk: Any) -> None:
    """Until the bureau link is up and the card reader online: a visit needs both."""
    from kiosk.link import LinkState

    wait_until(lambda: kiosk.link.state == LinkState.UP, 30, "the bureau link")
    wait_until(lambda: kiosk.id_reader.status.snapshot().state.value == "online", 30, "the reader")
