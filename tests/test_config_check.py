"""`kiosk config check` runs the checks start-up runs (one code path), and a config file that is not
a plain UTF-8 TOML file of a sane size gets one clear line, never a traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ready import install_outbox

from kiosk.cli import main
from kiosk.config import ConfigError, load_config, parse_config
from kiosk.preflight import enforce
from offline_queue.key_files import KeyFileError

ROOT = Path(__file__).resolve().parents[1]
GOOD_HASH = "scrypt$32768$8$1$" + "ab" * 16 + "$" + "cd" * 32


def write(tmp_path: Path, body: str = "", mode: int = 0o600) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\nlog_dir = "{tmp_path / "logs"}"\n' + body,
                    encoding="utf-8")
    path.chmod(mode)
    return path


def check(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, str]:
    code = main(["config", "check", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_sound_config_passes_every_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    install_outbox(tmp_path / "data")
    code, out, err = check(capsys, write(tmp_path, f'[diagnostics]\npin_hash = "{GOOD_HASH}"\n'))
    assert code == 0, err
    for name in ("bureau url", "key files", "pin hash", "card key", "outbox"):
        assert f"ok   {name}:" in out
    assert GOOD_HASH not in out and '"pin_hash": "<set>"' in out


@pytest.mark.parametrize(("body", "mode", "problem"), [
    ('[bureau]\nurl = "http://10.0.0.5:8765"\nstart_local = false\n', 0o600, "plain http is refused"),
    ('[diagnostics]\npin_hash = "scrypt$1024$8$1$abcd$ef"\n', 0o600, "not a hash printed by `kiosk diag hash-pin`"),
    (f'[diagnostics]\npin_hash = "{GOOD_HASH}"\n', 0o644, "is readable by other users"),
    ('[diagnostics]\ncard_public_key = "xyz"\n', 0o600, "64 hex digits"),
])
def test_config_check_and_start_up_refuse_the_same_things(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, mode: int, problem: str
) -> None:
    install_outbox(tmp_path / "data")
    path = write(tmp_path, body, mode)
    code, _, err = check(capsys, path)
    assert code == 1 and problem in err and err.startswith("FAIL ")
    with pytest.raises((ConfigError, KeyFileError), match=problem.replace("`", ".").replace("(", ".")):
        enforce(load_config(path))  # what `kiosk run` calls before anything else


def test_a_missing_outbox_is_reported_and_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = check(capsys, write(tmp_path))
    assert code == 1 and "FAIL outbox:" in err and "no outbox here" in err
    assert not (tmp_path / "data").exists()


def test_too_long_values_name_the_key_and_the_limit() -> None:
    with pytest.raises(ConfigError, match=r"\[terminal\] id: 65 characters long; allowed: a string of at most 64"):
        parse_config({"terminal": {"id": "T" * 65}})
    with pytest.raises(ConfigError, match=r"notices\[1\]: 201 characters long"):
        parse_config({"terminal": {"notices": ["ok", "长" * 201]}})


@pytest.mark.parametrize(("content", "line"), [
    (b"\xef\xbb\xbf[terminal]\nid = \"A\"\n", "starts with a byte-order mark (BOM); save it as UTF-8 without BOM"),
    ("[terminal]\nhall = \"办税厅\"\n".encode("gbk"), "not UTF-8 text (byte 0xb0 on line 2); save it as UTF-8"),
    (b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", "values nested too deeply"),
    (b"[devices.x]\ndriver = \"sim\"\na = [[[[[[1]]]]]]\n", "values nested too deeply"),
    (b"# " + b"x" * 300_000 + b"\n", "the config file is 300,003 bytes; at most 262,144 are accepted"),
])
def test_a_broken_file_gets_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                          line: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(content)
    code, out, err = check(capsys, path)
    assert code == 2 and out == ""
    assert line in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "kiosk.toml"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "kiosk", "config", "check", str(fifo)], capture_output=True,
                            text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.strip() == f"kiosk: configuration error: {fifo}: the config file must be a regular file," \
                                    " not a FIFO (named pipe)"
