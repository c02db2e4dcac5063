"""Each device self-test on the simulators, from the diagnostics screen and headless (`kiosk diag selftest`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from diag_helpers import enter_with_pin, wait_idle
from ready import install_outbox  # type: ignore[import-not-found]

from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from drivers.printer.parser import PrintedQR, printed_lines
from taxcore.masking import mask_id

ROOT = Path(__file__).resolve().parents[2]


def open_selftests(qtbot, kiosk):  # type: ignore[no-untyped-def]
    d = enter_with_pin(qtbot, kiosk)
    d.screen.menu.buttons["selftest"].click()
    page = d.screen.pages["selftest"]
    assert d.screen.currentWidget() is page
    return page


def test_printer_test_page_carries_the_settings_and_a_qr(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    page = open_selftests(qtbot, diag_kiosk)
    sim = diag_kiosk.printer.sim
    before = len(sim.receipts())
    page.buttons["print_test"].click()
    wait_idle(qtbot, page)
    receipts = sim.receipts()
    assert len(receipts) == before + 1
    lines = printed_lines(receipts[-1])
    assert "打印机自检" in lines[0] and "driver = sim" in lines and "charset = GB18030" in lines
    qrs = [e.data for e in receipts[-1] if isinstance(e, PrintedQR)]
    assert len(qrs) == 1 and qrs[0].startswith("GD-DEMO-0001|KIOSK-SELFTEST-")
    assert f"QR: {qrs[0]}" in page.text.text() and "打印机设置：" in page.text.text()
    assert page.image.isVisible() and not page.image.pixmap().isNull()  # the page as the printer got it


def test_scan_test_shows_the_decoded_text(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    page = open_selftests(qtbot, diag_kiosk)
    page.buttons["scan_test"].click()
    wait_idle(qtbot, page)
    label, decoded = page.text.text().split("\n")
    assert label == "识别内容：" and decoded.startswith("KIOSK-SELFTEST-") and len(decoded) == 23


def test_id_read_test_shows_only_the_masked_record(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    page = open_selftests(qtbot, diag_kiosk)
    page.buttons["id_test"].click()
    wait_idle(qtbot, page)
    text = page.text.text()
    resident = CARDS[CardType.RESIDENT]
    assert text.startswith("已读取证件（已脱敏）：") and f"id_number: {mask_id(resident['id_number'])}" in text
    assert "name: 张*" in text and "photo: 1024 bytes (withheld)" in text
    assert resident["id_number"] not in text and resident["name"] not in text and resident["address"] not in text
    assert diag_kiosk.id_reader.simulator.card is None  # the sample card was lifted again


def test_camera_preview_shows_decode_and_face(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    page = open_selftests(qtbot, diag_kiosk)
    page.buttons["camera"].click()
    qtbot.waitUntil(lambda: "KIOSK-SELFTEST-" in page.text.text(), timeout=10000)
    assert page.text.text().startswith("摄像头预览：1 张人脸；识别：KIOSK-SELFTEST-")
    assert page.image.isVisible() and page.image.pixmap().width() > 0
    assert diag_kiosk.camera.active
    page.back_button.click()  # leaving the page stops the preview and the camera's decoding
    assert not diag_kiosk.camera.active


def test_every_device_test_at_once_passes_on_the_simulators(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    page = open_selftests(qtbot, diag_kiosk)
    page.buttons["all"].click()
    wait_idle(qtbot, page, 60000)
    lines = page.text.text().splitlines()
    assert [line.split(":")[0] for line in lines] == ["OK   receipt printer", "OK   a4 printer", "OK   scanner",
                                                      "OK   id reader", "OK   camera"]


def run_diag_selftest(config: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "kiosk", "diag", "selftest", "--json", "--config", str(config)],
                          capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)


def write_config(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\nlog_dir = "{tmp_path / "logs"}"\n'
                      '[bureau]\nurl = "http://127.0.0.1:9"\nstart_local = false\n' + extra)
    install_outbox(tmp_path / "data")
    return config


def test_diag_selftest_json_passes_on_the_simulated_configuration(tmp_path: Path) -> None:
    result = run_diag_selftest(write_config(tmp_path), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert report["ok"] is True and report["failed"] == []
    for device in ("receipt printer", "a4 printer", "scanner", "id reader", "camera"):
        assert checks[device]["ok"], checks[device]
    assert checks["a4 printer"]["detail"].startswith("test page rendered to PDF (1 page(s)), sealed and opened in ")
    assert not list((tmp_path / "data" / "archive").glob("selftest-*"))  # the test page is not kept
    masked = mask_id(CARDS[CardType.RESIDENT]["id_number"])
    assert checks["id reader"]["detail"] == f"read a resident card: {masked} 张*"
    assert "1 face(s), codes ['KIOSK-SELFTEST-" in checks["camera"]["detail"]


def test_diag_selftest_exits_non_zero_naming_a_failed_device(tmp_path: Path) -> None:
    config = write_config(tmp_path, '[devices.scanner]\ndriver = "serial_line"\nport = "/dev/ttyNOPE9"\n')
    result = run_diag_selftest(config, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["failed"] == ["scanner"]
    scanner = next(c for c in report["checks"] if c["name"] == "scanner")
    assert scanner["detail"].startswith("CheckFailed: state ")


def test_diag_selftest_names_an_a4_printer_the_spooler_does_not_know(tmp_path: Path) -> None:
    config = write_config(tmp_path, '[devices.a4_printer]\ndriver = "qt"\nprinter = "NoSuchPrinter-A4"\n')
    result = run_diag_selftest(config, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["failed"] == ["a4 printer"]
    a4 = next(c for c in report["checks"] if c["name"] == "a4 printer")
    assert a4["detail"].startswith("CheckFailed: state offline") and "no such printer" in a4["detail"]
