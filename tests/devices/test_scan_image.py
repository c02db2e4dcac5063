"""`kiosk diag scan-image`: what the decoder finds in a technician's photos, one JSON line each."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np

from drivers.camera.sim import code_frame

PAYLOAD = "https://etax.example.gov.cn/cert?d=4401-2026-税-000123"


def _photo(path: Path, payload: str, invert: bool = False) -> Path:
    """A technician's photo of a code: never quite sharp."""
    cv2.imwrite(str(path), code_frame(payload, at=(300, 100), background=170, blur_sigma=1.2, invert=invert))
    return path


def _run(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "diag", "scan-image", *map(str, files)],
                          capture_output=True, text=True, timeout=60)


def test_one_json_line_per_file_with_the_codes(tmp_path: Path) -> None:
    plain = _photo(tmp_path / "plain.png", PAYLOAD)
    dark = _photo(tmp_path / "dark-mode.jpg", "etax-id:110101199003071234", invert=True)
    empty = tmp_path / "empty.png"
    cv2.imwrite(str(empty), np.full((100, 100), 200, np.uint8))
    result = _run(plain, dark, empty)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(plain), str(dark), str(empty)]
    assert lines[0]["codes"] == [PAYLOAD]
    assert lines[1]["codes"] == ["etax-id:110101199003071234"]
    assert lines[2]["codes"] == []
    for line in lines:  # loading a PNG is timed apart from decoding it, so the decode compares with bench/qr.py
        assert set(line) == {"file", "codes", "load_ms", "decode_ms"}
        assert line["load_ms"] >= 0 and line["decode_ms"] > 0


def test_a_file_that_is_not_an_image_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a picture")
    good = _photo(tmp_path / "ok.png", "A1")
    result = _run(bad, good)
    assert result.returncode == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert "not an image" in first["error"] and second["codes"] == ["A1"]
