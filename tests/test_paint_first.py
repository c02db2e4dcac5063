"""Start-up paints the attract screen first and loads the rest behind it (issue 20).

What a taxpayer at a freshly booted terminal sees: the attract screen at once; a touch while
the kiosk is still loading says so and starts the session as soon as it can, never lost.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ready import install_outbox, wait_tappable

from kiosk.config import KioskConfig

ROOT = Path(__file__).resolve().parent.parent
# Modules that only a live kiosk needs; none may be loaded before the attract screen is painted.
HEAVY = ("numpy", "sqlite_utils", "escpos", "requests", "cv2", "cryptography", "offline_queue.outbox", "kiosk.app",
         "kiosk.services.records", "drivers.printer.device")

PAINT_THEN_LIST = """
import sys
from pathlib import Path
from kiosk.config import load_config
from kiosk.startup import FirstPaint, open_window
config = load_config(Path(sys.argv[1]))
app, window, _languages = open_window(config)
painted = []
paint = FirstPaint(painted.append)
window.attract.installEventFilter(paint)
window.present(False, 1280, 800)
while not painted:
    app.processEvents()
print("painted:", window.attract.touch.text().replace("\\n", " "))
print("loaded:", " ".join(m for m in sys.argv[2:] if m in sys.modules))
"""


def write_config(tmp_path: Path, data_dir: Path | None = None) -> Path:
    """A terminal set up as `kiosk queue init` leaves it (its outbox in the data folder)."""
    install_outbox(data_dir or tmp_path / "data")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{data_dir or tmp_path / "data"}"\nlog_dir = "{tmp_path / "logs"}"\n'
                      '[bureau]\nurl = "http://127.0.0.1:9"\nstart_local = false\n')
    return config


def child_env(tmp_path: Path) -> dict[str, str]:
    return {"QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}


def test_attract_screen_is_painted_before_the_heavy_modules_load(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", PAINT_THEN_LIST, str(write_config(tmp_path)), *HEAVY],
                            capture_output=True, text=True, timeout=60, env=child_env(tmp_path), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "painted: 请轻触屏幕开始办理 Touch the screen to start" in result.stdout
    assert "loaded: \n" in result.stdout + "\n", result.stdout  # none of them


def test_kiosk_run_paints_then_goes_live(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "run", "--config", str(write_config(tmp_path)),
                             "--exit-after-first-paint"],
                            capture_output=True, text=True, timeout=60, env=child_env(tmp_path), cwd=ROOT)
    events = [line.split()[0] for line in result.stdout.splitlines()]
    assert events == ["first-paint", "live"], result.stdout + result.stderr


def test_a_kiosk_that_cannot_load_says_why_and_exits(tmp_path: Path) -> None:
    config = write_config(tmp_path, tmp_path / "data")
    (tmp_path / "data" / "print_jobs.db").mkdir()  # a folder where the printer's job ledger should be
    result = subprocess.run([sys.executable, "-m", "kiosk", "run", "--config", str(config)],
                            capture_output=True, text=True, timeout=60, env=child_env(tmp_path), cwd=ROOT)
    assert result.returncode == 2
    assert "kiosk: cannot start: " in result.stderr
    assert "Traceback" not in result.stderr


def test_a_touch_while_loading_is_answered_and_starts_the_session(qtbot, config: KioskConfig) -> None:
    from kiosk.startup import GoLive, open_window
    from screens.attract import PREPARING, TOUCH_TO_START

    qt_app, window, languages = open_window(config)
    qtbot.addWidget(window)
    assert window.strip.link.text() == "税务系统：正在检查连接"  # translated from the first paint
    assert window.staff_call.isHidden()  # no blank button that cannot call anyone yet
    live = []
    go = GoLive(config, qt_app, window, languages, live.append, lambda exc: pytest_fail(exc))
    window.present(False, 1280, 800)
    QTest.mouseClick(window.attract, Qt.MouseButton.LeftButton)
    assert window.attract.touch.text() == PREPARING  # the touch was felt
    go.start()
    qtbot.waitUntil(lambda: bool(live), timeout=60000)
    kiosk = live[0]
    try:
        assert kiosk.window is window
        assert kiosk.session.active and window.current_screen() is window.home
        assert window.attract.touch.text() == TOUCH_TO_START
        assert not window.staff_call.isHidden()
        kiosk.session.set_language("en")  # one translator: English is English
        qtbot.waitUntil(lambda: window.strip.link.text().startswith("Tax bureau"), timeout=5000)
        kiosk.session.end("cancelled")
        wait_tappable()  # once the attract screen has settled (kiosk/input_guard.py)
        QTest.mouseClick(window.attract, Qt.MouseButton.LeftButton)  # later touches: one session each, as ever
        assert window.current_screen() is window.home
    finally:
        kiosk.shutdown()


def pytest_fail(exc: Exception) -> None:
    raise AssertionError(f"the kiosk did not go live: {exc}")


def test_each_command_module_registers_the_commands_it_is_listed_with() -> None:
    import argparse
    import importlib

    from kiosk.cli import COMMAND_MODULES

    for name, commands in COMMAND_MODULES.items():
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(name).register(sub)
        assert tuple(sub.choices) == commands, name


def test_pyside_still_tells_its_modules_apart_without_keeping_their_source(tmp_path: Path, monkeypatch) -> None:
    import linecache

    from kiosk import pyside_imports

    pyside_imports.install()
    (tmp_path / "uses_qt_here.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "plain_here.py").write_text("ANSWER = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("uses_qt_here")  # an import statement's way in, where PySide6 hooks
    __import__("plain_here")
    features = sys.modules["shibokensupport.feature"].pyside_feature_dict  # type: ignore[attr-defined]
    assert features["uses_qt_here"] == 0 and features["plain_here"] == -1  # as PySide6 itself decides
    assert not any(str(tmp_path) in name for name in linecache.cache)
    for name in ("uses_qt_here", "plain_here"):
        sys.modules.pop(name)


def test_diagnostics_screens_are_built_when_a_technician_first_opens_them(kiosk) -> None:  # type: ignore[no-untyped-def]
    from screens.diag.pages import DiagScreen

    stack = kiosk.window.stack

    def diag_screens() -> list[object]:
        return [stack.widget(i) for i in range(stack.count()) if isinstance(stack.widget(i), DiagScreen)]

    assert diag_screens() == []  # memory and start-up time most terminals never need
    kiosk.session.toggle_language()  # the language follows into diagnostics without building it
    assert diag_screens() == []
    kiosk.diagnostics.open_entry()
    assert diag_screens() == [kiosk.window.current_screen()]
