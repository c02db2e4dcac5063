"""A kiosk whose outbox is lost or damaged shows "out of service" in both languages, with the
technician's message naming the file, takes nobody's transaction, and keeps running (no traceback,
no exit: under systemd's Restart=always an exit would be a crash loop)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ready import installed

from kiosk.config import KioskConfig
from kiosk.sync_client import outbox_path

ROOT = Path(__file__).resolve().parents[1]


def garble(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(raw))


def test_a_corrupt_outbox_shows_out_of_service_and_starts_no_session(qtbot, config: KioskConfig) -> None:  # type: ignore[no-untyped-def]
    from kiosk.startup import build

    path = outbox_path(config)
    garble(path)
    damaged = path.read_bytes()
    _, kiosk = build(config)
    qtbot.addWidget(kiosk.window)
    kiosk.show(fullscreen=False)
    try:
        shown = kiosk.window.attract.touch.text()
        assert "暂停服务" in shown and "Out of service" in shown
        assert "请使用其他终端或到服务窗口办理" in shown and "service counter" in shown
        technician = kiosk.window.attract.notice.text()
        assert str(path) in technician and "kiosk queue recover" in technician
        qtbot.mouseClick(kiosk.window.attract, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton)
        assert not kiosk.session.active
        assert kiosk.window.current_screen() is kiosk.window.attract
        assert path.read_bytes() == damaged  # kept for forensics
    finally:
        kiosk.shutdown()


def test_a_wrong_data_path_is_out_of_service_and_creates_nothing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.config import parse_config
    from kiosk.startup import build

    config = parse_config({"paths": {"data_dir": str(tmp_path / "dtaa"), "log_dir": str(tmp_path / "logs")},
                           "bureau": {"url": "http://127.0.0.1:9", "start_local": False, "timeout_s": 0.5},
                           "display": {"fullscreen": False}})
    _, kiosk = build(config)
    qtbot.addWidget(kiosk.window)
    try:
        assert "no outbox here" in kiosk.window.attract.notice.text()
        assert "kiosk queue init" in kiosk.window.attract.notice.text()
        assert not (tmp_path / "dtaa").exists()
    finally:
        kiosk.shutdown()


def test_kiosk_run_on_a_corrupt_outbox_keeps_running_and_stops_cleanly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{data}"\nlog_dir = "{tmp_path / "logs"}"\n'
                      '[bureau]\nurl = "http://127.0.0.1:9"\nstart_local = false\n')
    from kiosk.config import load_config

    installed(load_config(config))
    garble(data / "outbox.db")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--config", str(config)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        log_file = tmp_path / "logs" / "kiosk.log"
        while not (log_file.exists() and "out of service" in log_file.read_text()):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no out-of-service line in the log"
            time.sleep(0.2)
        time.sleep(1.0)
        assert proc.poll() is None  # still up, showing the screen: systemd has nothing to restart
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert str(data / "outbox.db") in log_file.read_text()


def test_the_bureau_getting_ahead_mid_day_stops_new_sessions(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    """The sync worker found the bureau holding this terminal's next numbers (a restored or swapped outbox):
    the session in progress may finish, the next one does not start."""
    from offline_queue.custody import REFUSED_META

    kiosk.start_session()
    reason = "the bureau already holds sequence number 40 from this terminal, but this outbox would number 3"
    kiosk.outbox.set_meta(REFUSED_META, reason)
    kiosk.sync_alert.emit(reason)
    qtbot.waitUntil(lambda: kiosk.refusing == reason, timeout=5000)
    assert kiosk.window.current_screen() is kiosk.window.home  # not yanked from the person at the screen
    kiosk.session.end("completed")
    assert kiosk.window.current_screen() is kiosk.window.attract
    assert "暂停服务" in kiosk.window.attract.touch.text() and reason in kiosk.window.attract.notice.text()
    kiosk.start_session()
    assert not kiosk.session.active
