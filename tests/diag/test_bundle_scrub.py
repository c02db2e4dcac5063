"""A support bundle hides what slipped into the logs past their masking: names of earlier sessions
(known to the name ledger only as keyed hashes), HMT permit and passport numbers, phones, addresses."""

from __future__ import annotations

import json
import logging
import zipfile

from diag_helpers import enter_with_pin, wait_idle

from kiosk.diag.scrub import scrub_names, scrub_numbers

EARLIER = [("陈大文", "CHAN TAI MAN"), ("欧阳明珠", "OUYANG MINGZHU")]
LEAKS = {
    "home-return permit": "H12345678",
    "Macau permit": "M1234567890",
    "HK identity card": "A123456(7)",
    "Macau identity card": "1234567(8)",
    "Taiwan identity card": "A123456789",
    "Chinese passport": "E12345678",
    "passport": "EA1234567",
    "mobile": "13812345678",
    "mobile with country code": "+86 138 1234 5678",
    "landline": "020-87654321",
    "Hong Kong phone": "+852 9123 4567",
    "address": "广东省广州市天河区体育西路191号中石化大厦B塔2801室",
}


def bundle_log(qtbot, kiosk, config) -> str:  # type: ignore[no-untyped-def]
    d = enter_with_pin(qtbot, kiosk)
    d.screen.menu.buttons["system"].click()
    page = d.screen.pages["system"]
    page.buttons["bundle"].click()
    wait_idle(qtbot, page)
    (path,) = (config.paths.data() / "support").glob("support-*.zip")
    with zipfile.ZipFile(path) as bundle:
        return bundle.read("logs/kiosk.log").decode("utf-8")


def test_names_of_earlier_sessions_and_personal_numbers_are_scrubbed(qtbot, diag_kiosk, diag_config) -> None:  # type: ignore[no-untyped-def]
    k = diag_kiosk
    chatty = logging.getLogger("vendor.sdk")  # a library's own line, written after the session forgot the names
    for name, english in EARLIER:
        k.start_session()
        k.session.put("identity", {"name": name, "english_name": english}, name, english)
        k.session.end("completed")
    qtbot.waitUntil(lambda: (diag_config.paths.data() / "names.ledger").exists(), timeout=5000)
    for name, english in EARLIER:
        chatty.warning("card holder %s / %s printed", name, english)
    for what, value in LEAKS.items():
        chatty.warning("%s: %s", what, value)
    chatty.warning("hall 天河区办税服务厅 queue GD-DEMO-0001 seq 1765123456 order 4f1a2b3c-1381-4567-8901-234567890123")
    log_text = bundle_log(qtbot, k, diag_config)
    for name, english in EARLIER:
        assert name not in log_text and english not in log_text
        assert f"card holder {name[0]}{'*' * (len(name) - 1)} / {english[0]}" in log_text
    for what, value in LEAKS.items():
        assert value not in log_text, what
        assert f"{what}: <" in log_text, what
    # what support needs stays readable: ids, sequence numbers, transaction ids
    assert "GD-DEMO-0001 seq 1765123456 order 4f1a2b3c-1381-4567-8901-234567890123" in log_text
    ledger = (diag_config.paths.data() / "names.ledger").read_text(encoding="utf-8")
    assert oct((diag_config.paths.data() / "names.ledger").stat().st_mode & 0o777) == "0o600"
    for name, english in EARLIER:  # the ledger holds keyed hashes, never the names
        assert name not in ledger and english not in ledger and english.lower() not in ledger
    assert len(json.loads(ledger)) == 4


def test_scrubbing_keeps_ordinary_words() -> None:
    text = "outbox sync paused: bureau refused (HTTP 401); printer paper LOW; 税务系统连接正常"
    assert scrub_names(scrub_numbers(text), lambda _word: False) == text
