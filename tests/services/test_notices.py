"""通知公告: the bureau's notices in force rotate on the attract screen and are listed behind their tile."""

from __future__ import annotations

import datetime

from check_rig import step_texts
from service_rig import tap

from bureau.content import load
from kiosk.services.notices import NONE_NOW, current

PUBLISHED = {"notice": [
    {"id": "a", "zh": "甲", "en": "A", "from": "2026-12-01", "until": "2026-12-31"},
    {"id": "b", "zh": "乙", "en": "B", "from": "2027-01-01"},
    {"id": "broken", "zh": "丙"},  # no English: left out, never a crash
    {"id": "c", "zh": "丁", "en": "D", "until": "not a date"},
]}


def test_only_the_notices_in_force_are_shown() -> None:
    assert [n.zh for n in current(PUBLISHED, datetime.date(2026, 12, 31))] == ["甲"]
    assert [n.zh for n in current(PUBLISHED, datetime.date(2027, 1, 1))] == ["乙"]
    assert current(None, datetime.date(2027, 1, 1)) == []


def test_the_attract_screen_and_the_tile_show_the_bureaus_notices(qtbot, service_kiosk) -> None:  # type: ignore[no-untyped-def]
    k = service_kiosk
    w = k.window
    published = load("notices", None)  # type: ignore[arg-type]
    in_force = current(published, datetime.date.today())
    if in_force:
        qtbot.waitUntil(lambda: w.attract.notice.text() == f"{in_force[0].zh}\n{in_force[0].en}", timeout=10000)
    k.start_session()
    tap(w.home.tiles["notices"])
    qtbot.waitUntil(lambda: not k.engine.busy_now and w.step.title.text() == "通知公告", timeout=10000)
    texts = step_texts(k)
    for notice in in_force or [NONE_NOW]:
        assert notice.zh in texts
