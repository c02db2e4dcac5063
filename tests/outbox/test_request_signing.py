"""The request signature covers the path and query as they travel (RFC 9421 @path/@query).

A hall id in Chinese is percent-encoded on the wire; the terminal signs those bytes and the
bureau verifies against the raw path it received, so such a request is accepted, and one whose
path or query was changed on the way is refused.
"""

from __future__ import annotations

from urllib.parse import quote

import requests
from conftest import TERMINAL_ID, Bureau

from kiosk.sync_client import BureauClient
from taxcore import signing

HALL = "广州天河办税服务厅"
ENCODED = f"/v1/halls/{quote(HALL, safe='')}/comfort"


def _send(bureau: Bureau, sent: str, signed: str) -> requests.Response:
    """GET `sent` with a signature made over `signed`."""
    headers = signing.sign_headers(TERMINAL_ID, bureau.key, "GET", signed)
    return requests.get(bureau.url + sent, headers=headers, timeout=5)


def test_a_hall_id_in_chinese_is_accepted(bureau: Bureau) -> None:
    client = BureauClient(bureau.url, TERMINAL_ID, bureau.key)
    encoded = client.get_json(ENCODED, timeout_s=5)  # as kiosk/services/comfort.py asks
    assert encoded.status == 200, encoded.body
    assert encoded.body["hall_id"] == HALL
    as_typed = client.get_json(f"/v1/halls/{HALL}/comfort?days=7", timeout_s=5)  # encoded by requests, then signed
    assert as_typed.status == 200, as_typed.body
    assert as_typed.body["hall_id"] == HALL


def test_a_changed_path_or_query_is_refused(bureau: Bureau) -> None:
    assert _send(bureau, ENCODED, ENCODED).status_code == 200
    other_hall = f"/v1/halls/{quote('深圳南山办税服务厅', safe='')}/comfort"
    for sent, signed in [
        (other_hall, ENCODED),  # another hall than the one signed for
        (ENCODED, f"/v1/halls/{HALL}/comfort"),  # signed decoded: not the bytes that travelled
        (ENCODED + "?days=7", ENCODED),  # a query added on the way
        (ENCODED + "?days=7", ENCODED + "?days=8"),  # a query changed on the way
    ]:
        refused = _send(bureau, sent, signed)
        assert refused.status_code == 401, (sent, signed)
        assert refused.json()["error"]["code"] == "bad_signature"
