"""No ID number or name reaches a log file in clear, however the log call was written."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from kiosk.logs import PII_REGISTRY, setup_logging
from taxcore.masking import mask_id, mask_name

ID = "11010519491231002X"
HMT = "810000199408230021"
PR2017 = "USA110060809213"
NAME = "王小明"


@pytest.fixture
def log_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = setup_logging(tmp_path, "DEBUG")
    yield path
    PII_REGISTRY.forget_all()


def _lines(path: Path) -> list[dict]:
    for h in logging.getLogger().handlers:
        h.flush()
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_id_numbers_are_masked_in_message_args_and_extras(log_file: Path) -> None:
    log = logging.getLogger("test.masking")
    log.info("card read %s", ID)
    log.info(f"permit {HMT} and PR {PR2017} seen")
    log.info("identity", extra={"id_number": ID, "payload": {"owner": {"id_number": HMT}}, "note": f"x{ID}"})
    text = log_file.read_text(encoding="utf-8")
    for number in (ID, HMT, PR2017):
        assert number not in text
    lines = _lines(log_file)
    assert lines[0]["msg"] == f"card read {mask_id(ID)}" == "card read 110***********002X"
    assert lines[2]["id_number"] == "110***********002X"


def test_names_read_in_a_session_are_masked_until_it_ends(log_file: Path) -> None:
    log = logging.getLogger("test.masking")
    PII_REGISTRY.remember(NAME)
    log.info("hello %s", NAME)
    log.info("record", extra={"identity": {"name": NAME, "english_name": "WANG XIAOMING"}})
    try:
        raise ValueError(f"bad record for {NAME} {ID}")
    except ValueError:
        log.exception("failed")
    text = log_file.read_text(encoding="utf-8")
    assert NAME not in text and ID not in text and "WANG XIAOMING" not in text
    lines = _lines(log_file)
    assert lines[0]["msg"] == "hello 王**"
    assert lines[1]["identity"]["name"] == mask_name(NAME) == "王**"
    assert "ValueError: bad record for 王** 110***********002X" in lines[2]["exc"]
    PII_REGISTRY.forget_all()
    assert PII_REGISTRY.mask(NAME) == NAME


def test_ordinary_numbers_are_left_alone(log_file: Path) -> None:
    logging.getLogger("test.masking").info("order %s amount %s", "20261122000123", "123.45")
    assert _lines(log_file)[0]["msg"] == "order 20261122000123 amount 123.45"


def test_logs_rotate(tmp_path: Path) -> None:
    path = setup_logging(tmp_path, "INFO", max_bytes=10_000, backups=2)
    for i in range(500):
        logging.getLogger("test.rotate").info("line %d %s", i, "x" * 50)
    assert path.exists() and (tmp_path / "kiosk.log.1").exists() and (tmp_path / "kiosk.log.2").exists()
    assert not (tmp_path / "kiosk.log.3").exists()
