"""Technician commands take bounded input: an oversized or odd argument or file gets one clear line and
exit code 2, never a hang on a FIFO, a memory blow-up or a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.cli import main
from offline_queue.outbox import Outbox


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "outbox.db"
    Outbox.create(path).close()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse refuses a bad argument with exit code 2
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_queue_arguments_are_bounded(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "queue", "--db", str(db), "list", "--limit", "1" + "0" * 30)
    assert code == 2 and "out of range; allowed: 1 to 100000" in err
    code, _, err = run(capsys, "queue", "--db", str(db), "retry", "x" * 65)
    assert code == 2 and "65 characters; at most 64 are accepted" in err
    code, _, err = run(capsys, "queue", "--db", str(db), "retry", *[f"id-{i}" for i in range(10_001)])
    assert code == 2 and "10001 ids; at most 10000 at a time" in err
    code, _, err = run(capsys, "queue", "--db", str(db), "recover", "--reason", "r" * 201)
    assert code == 2 and "201 characters; at most 200" in err


def test_decode_id_refuses_a_fifo_and_a_huge_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "capture.hex"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "diag", "decode-id", str(fifo))
    assert code == 2
    assert err.strip() == f"decode-id: {fifo}: the capture must be a regular file, not a FIFO (named pipe)"
    big = tmp_path / "big.hex"
    big.write_bytes(b"AA" * 40_000)
    code, _, err = run(capsys, "diag", "decode-id", str(big))
    assert code == 2 and "the capture is 80,000 bytes; at most 65,536 are accepted" in err


def test_scan_image_names_a_file_it_will_not_open(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "frame.png"
    os.mkfifo(fifo)
    code, out, _ = run(capsys, "diag", "scan-image", str(fifo))
    assert code == 1
    assert json.loads(out)["error"] == f"{fifo}: the image must be a regular file, not a FIFO (named pipe)"
