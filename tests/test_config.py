"""A field engineer's config mistakes stop start-up with a message naming the key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import ConfigError, KioskConfig, load_config, parse_config

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_give_the_simulated_demo() -> None:
    config = KioskConfig()
    assert config.bureau.start_local
    assert {d.driver for d in config.devices.values()} == {"sim"}


def test_the_commented_example_is_valid_and_complete() -> None:
    config = load_config(ROOT / "kiosk.example.toml")
    assert config.terminal.id == "GD-DEMO-0001"
    assert config.session.idle_timeout_s == 60
    assert set(config.devices) >= {"id_reader", "scanner", "receipt_printer", "a4_printer", "camera"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"session": {"idle_timeout": 30}}, "[session] unknown key 'idle_timeout'; allowed keys: countdown_s,"),
        ({"session": {"idle_timeout_s": "30"}}, "[session] idle_timeout_s: expected a whole number from 10 to 3600"),
        ({"session": {"idle_timeout_s": 5}}, "[session] idle_timeout_s: 5 is out of range; allowed: a whole number"),
        (
            {"session": {"default_language": "fr"}},
            "[session] default_language: 'fr' is not allowed; allowed: one of 'zh_CN', 'en'",
        ),
        ({"display": {"fullscreen": "yes"}}, "[display] fullscreen: expected true or false"),
        ({"bureau": {"timeout_s": True}}, "[bureau] timeout_s: expected a number"),
        ({"terminal": {"notices": ["a", 3]}}, "[terminal] notices[1]: expected a string"),
        ({"printers": {}}, "unknown section [printers]; allowed sections:"),
        ({"devices": {"id_reader": {"port": "/dev/ttyUSB0"}}},
         "[devices.id_reader] needs the key driver (the driver's name"),
        ({"logging": {"level": "LOUD"}}, "[logging] level: 'LOUD' is not allowed"),
    ],
)
def test_bad_values_name_the_key_and_what_is_allowed(data: dict, expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(data)
    assert str(err.value).startswith(expected), str(err.value)


def test_integers_are_accepted_where_numbers_are_allowed() -> None:
    assert parse_config({"bureau": {"timeout_s": 3}}).bureau.timeout_s == 3.0


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[session\nidle_timeout_s = 3\n")
    with pytest.raises(ConfigError, match=str(path)):
        load_config(path)


def test_start_up_refuses_a_bad_config_with_the_message(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[session]\ncountdown_s = 500\n')
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--config", str(path)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "[session] countdown_s: 500 is out of range; allowed: a whole number from 5 to 120" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("devices", "expected"),
    [
        ({"id_reader": {"driver": "acme"}}, "[devices.id_reader] driver: unknown driver 'acme' for a id_reader"),
        ({"id_reader": {"driver": "sam_serial"}}, "[devices.id_reader]: driver 'sam_serial' needs the setting port"),
        ({"scanner": {"driver": "serial_line", "port": "/dev/ttyACM0", "speed": 9600}},
         "[devices.scanner] unknown setting 'speed' for driver 'serial_line'; allowed settings: baudrate,"),
        ({"camera": {"driver": "opencv", "fps": "fast"}},
         "[devices.camera] fps: expected a number from 1 to 120, got 'fast'"),
    ],
)
def test_device_drivers_and_settings_are_checked_at_load(devices: dict, expected: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ConfigError) as caught:
        parse_config({"devices": devices})
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[devices.receipt_printer]\ndriver = "sim"\nbogus = 1\n',
         "[devices.receipt_printer] unknown setting 'bogus' for driver 'sim'; allowed settings: baudrate, charset,"),
        ('[devices.a4_printer]\ndriver = "qt"\nprinterr = "HallA4"\n',
         "[devices.a4_printer] unknown setting 'printerr' for driver 'qt';"
         " allowed settings: archive_days, archive_dir, printer"),
        ('[devices.a4_printer]\ndriver = "qt"\n',
         "[devices.a4_printer]: driver 'qt' needs the setting printer (the system printer's name"),
        ('[devices.receipt_printer]\ndriver = "escpos"\npaper_width_mm = 76\nport = "/dev/ttyUSB0"\n',
         "[devices.receipt_printer] paper_width_mm: 76 is not allowed; allowed: one of 80, 58"),
        ('[devices.receipt_printer]\ndriver = "escpos"\ntransport = "network"\n',
         "[devices.receipt_printer]: transport = 'network' needs host = ..."),
    ],
)
def test_config_check_refuses_printer_setting_mistakes(tmp_path: Path, toml: str, expected: str) -> None:
    """The printers' settings are checked at load like every device's, not at the first print."""
    path = tmp_path / "kiosk.toml"
    path.write_text(toml)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "config", "check", str(path)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2, result.stdout
    assert f"kiosk: configuration error: {path}: {expected}" in result.stderr
    assert "Traceback" not in result.stderr
