"""Build and show the kiosk, and wait, as a terminal's start-up screen would, until the simulated serial
devices are connected.

A code shown to a scanner before its port is open is lost, as on a real terminal (pyserial
flushes the input on open), so a test that scans right after start-up must wait for this first.
"""

from __future__ import annotations

from typing import Any

from drivers.base import DeviceState

TAP_WAIT_S = 5.0


def wait_devices_online(qtbot: Any, kiosk: Any, timeout_ms: int = 10000) -> None:
    devices = [d for d in (kiosk.scanner, kiosk.id_reader) if d is not None and d.simulator is not None]
    qtbot.waitUntil(lambda: all(d.status.state is DeviceState.ONLINE for d in devices), timeout=timeout_ms)


def installed(config: Any) -> Any:
    """`config` with its outbox made, as `kiosk queue init` makes it on a new terminal."""
    from kiosk.sync_client import outbox_path

    install_outbox(outbox_path(config).parent)
    return config


def install_outbox(data_dir: Any) -> None:
    """A new terminal's outbox in `data_dir` (once: a second call finds it there)."""
    from pathlib import Path

    from offline_queue.outbox import Outbox

    if not (Path(data_dir) / "outbox.db").exists():
        Outbox.create(Path(data_dir) / "outbox.db").close()


def build_kiosk(qtbot: Any, config: Any) -> Any:
    """The kiosk as `kiosk run` builds it, shown in a window (qtbot may be None outside pytest)."""
    from kiosk.startup import build

    _, app = build(config)
    if qtbot is not None:
        qtbot.addWidget(app.window)
    app.show(fullscreen=False)
    if qtbot is not None:
        wait_devices_online(qtbot, app)
    return app


def wait_tappable(button: Any = None, timeout_s: float = TAP_WAIT_S) -> None:
    """Wait as a person does before tapping: until the screen has painted and settled (kiosk/input_guard.py),
    and, for the same button again, until a second tap is not a double tap."""
    import time

    from PySide6.QtWidgets import QApplication

    from kiosk.input_guard import InputGuard

    QApplication.processEvents()  # widgets of a step just shown appear on the next turn of the event loop
    guard = InputGuard.current()
    deadline = time.monotonic() + timeout_s
    while guard is not None and not guard.accepts_tap(button):
        assert time.monotonic() < deadline, "the screen never settled for a tap"
        time.sleep(0.01)
        QApplication.processEvents()
