"""Only the officer's known actions, with fields in bounds, reach the taxpayer's screen."""

from __future__ import annotations

import json

import pytest

from kiosk.remote_help.actions import Action, Refused, parse

SERVICES, GUIDES = {"vehicle_tax", "si_pay"}, {"vehicle_tax_guide"}


def msg(**fields: object) -> str:
    return json.dumps({"type": "action", "id": 7, **fields})


@pytest.mark.parametrize("raw, expected", [
    (msg(action="open_service", service="vehicle_tax"), Action(7, "open_service", "vehicle_tax")),
    (msg(action="show_guide", guide="vehicle_tax_guide"), Action(7, "show_guide", "vehicle_tax_guide")),
    (msg(action="show_notice", text="  请带好身份证 "), Action(7, "show_notice", "请带好身份证")),
    (msg(action="push_link", url="https://etax.example.gov.cn/a?b=1"),
     Action(7, "push_link", "https://etax.example.gov.cn/a?b=1")),
    (msg(action="request_rating"), Action(7, "request_rating")),
    (msg(action="request_screen"), Action(7, "request_screen")),
])
def test_known_actions(raw: str, expected: Action) -> None:
    assert parse(raw, SERVICES, GUIDES) == expected


@pytest.mark.parametrize("raw, action_id, reason", [
    ("not json", 0, "not_json"),
    ("[1]", 0, "not_an_action"),
    (json.dumps({"type": "action", "id": "7", "action": "request_rating"}), 0, "bad_id"),
    (msg(action="run_shell", cmd="reboot"), 7, "unknown_action"),
    (msg(action="open_service", service="diagnostics"), 7, "unknown_service"),
    (msg(action="show_guide", guide=["x"]), 7, "unknown_guide"),
    (msg(action="show_notice", text=" "), 7, "bad_text"),
    (msg(action="show_notice", text="长" * 201), 7, "bad_text"),
    (msg(action="push_link", url="javascript:alert(1)"), 7, "bad_link"),
    (msg(action="push_link", url="file:///etc/passwd"), 7, "bad_link"),
    (msg(action="push_link", url="https://a.example/" + "x" * 500), 7, "bad_link"),
    (msg(action="push_link", url="https://a.example/ b"), 7, "bad_link"),
    ("x" * 5000, 0, "too_long"),
])
def test_everything_else_is_refused_with_a_reason(raw: str, action_id: int, reason: str) -> None:
    with pytest.raises(Refused) as refused:
        parse(raw, SERVICES, GUIDES)
    assert (refused.value.action_id, refused.value.reason) == (action_id, reason)
