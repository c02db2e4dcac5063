"""Versioned content with ETags, and the fleet page."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from taxcore import signing

SERVICES = Path(__file__).resolve().parents[2] / "assets" / "content" / "services.toml"


def test_service_catalogue_is_the_kiosk_copy_with_an_etag(terminal: Any) -> None:
    res = terminal.get("/v1/content/services")
    assert res.status_code == 200
    local = tomllib.loads(SERVICES.read_text(encoding="utf-8"))
    assert res.json()["data"] == local and res.json()["version"] == local["version"]
    etag = res.headers["etag"]
    headers = signing.sign_headers(terminal.terminal_id, terminal.key, "GET", "/v1/content/services")
    again = terminal.client.get("/v1/content/services", headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304


def test_rates_and_unknown_content(terminal: Any) -> None:
    rates = terminal.get("/v1/content/rates").json()["data"]
    assert rates["vehicle_vessel_tax"]["passenger_car_by_displacement_l"][0] == {
        "up_to_l": 1.0,
        "annual_yuan": 180,
    }
    notices = terminal.get("/v1/content/notices").json()
    assert notices["version"] and all(n["zh"] and n["en"] for n in notices["data"]["notice"])
    res = terminal.get("/v1/content/nope")
    assert res.status_code == 404 and res.json()["error"]["code"] == "unknown_content"


def test_fleet_page_lists_terminals_with_devices_and_backlog(terminal: Any) -> None:
    beat = {
        "terminal_id": terminal.terminal_id,
        "version": "0.1.0",
        "build": "b1",
        "devices": {"receipt_printer": {"state": "HARDWARE_ERROR"}},
        "backlog": {"pending": 7, "oldest_age_s": 30},
    }
    terminal.post("/v1/heartbeat", beat)
    page = terminal.client.get("/fleet")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert terminal.terminal_id in page.text and "receipt_printer: HARDWARE_ERROR" in page.text
    assert "7 (oldest 30s)" in page.text


def test_unknown_path_is_a_json_404(client: Any) -> None:
    res = client.get("/v1/nothing-here")
    assert res.status_code == 404 and res.json()["error"]["code"] == "not_found"
