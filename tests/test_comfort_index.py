"""The comfort index as a visitor reads it: a level only while the counters are open, the week's
quiet half-days, and unavailable when offline, stale or never fetched."""

from __future__ import annotations

import datetime
from typing import Any

from kiosk.services import comfort
from kiosk.services.comfort import HallComfort, comfort_rows, outlook

HOURS = {"name": "H", "open": "09:00", "close": "17:00", "days": [1, 2, 3, 4, 5],
         "zh": "周一至周五 09:00–17:00", "en": "Mon–Fri 09:00–17:00"}
# Monday is busy in the morning, Tuesday quiet all day, the rest moderate.
ANSWER = {
    "hall_id": "H", "days_observed": 10, "hours": HOURS,
    "levels": {"1": {"09": "more", "10": "more", "14": "moderate"}, "2": {"09": "fewer", "14": "fewer"}},
    "halves": {"1": {"am": "more", "pm": "moderate"}, "2": {"am": "fewer", "pm": "fewer"},
               "3": {"am": "moderate", "pm": "moderate"}, "4": {"am": "moderate", "pm": "fewer"},
               "5": {"am": "moderate", "pm": "moderate"}},
}
MONDAY = datetime.datetime(2026, 12, 7, 9, 30)


class _Bureau:
    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer
        self.paths: list[str] = []

    def get(self, path: str) -> dict[str, Any]:
        self.paths.append(path)
        return self.answer


def test_open_hours_say_how_busy_it_is_now_and_the_quiet_half_days() -> None:
    seen = outlook(ANSWER, MONDAY)
    assert seen.open_now and seen.level_now == "more"
    assert seen.now.zh == "现在大厅人数：较多，可选人少的时段再来"
    assert seen.hours.zh == "办税时间：周一至周五 09:00–17:00"
    assert seen.quiet is not None
    assert seen.quiet.zh == "本周人少时段：周二上午、周二下午、周四下午"
    assert seen.quiet.en == "Quiet times this week: Tue morning, Tue afternoon, Thu afternoon"
    assert [d.label.zh for d in seen.week] == ["周一 12/7", "周二 12/8", "周三 12/9", "周四 12/10", "周五 12/11"]
    assert (seen.week[0].am, seen.week[1].pm) == ("more", "fewer")


def test_closed_hours_say_so_and_never_call_the_hall_quiet() -> None:
    for when in (MONDAY.replace(hour=17, minute=0), MONDAY.replace(hour=20), datetime.datetime(2026, 12, 12, 10)):
        seen = outlook(ANSWER, when)
        assert not seen.open_now and seen.level_now is None, when
        assert seen.now.zh == "大厅窗口现在不办公，本机24小时可用", when
        assert seen.hours.zh == "办税时间：周一至周五 09:00–17:00"
        assert "较少" not in seen.now.zh and "quiet" not in seen.now.en
    evening = outlook(ANSWER, MONDAY.replace(hour=20))
    assert evening.week[0].am is None and evening.week[0].pm is None  # today's half-days are over
    saturday = outlook(ANSWER, datetime.datetime(2026, 12, 12, 10))
    assert saturday.week[0].label.zh == "周一 12/14"  # the grid starts at the next open day


def test_a_hall_without_past_tickets_has_no_level_and_says_so_plainly() -> None:
    seen = outlook({**ANSWER, "levels": {}, "halves": {}}, MONDAY)
    assert seen.now.zh == "办税舒适度指数暂未发布" and seen.quiet is None
    assert seen.now.en == "The hall comfort index is not published yet"


def test_the_snapshot_is_unavailable_offline_before_a_fetch_and_when_stale(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hall = HallComfort("hall 9/a")
    assert hall.snapshot(True) is None
    bureau = _Bureau(ANSWER)
    hall.refresh(bureau.get)
    assert bureau.paths == ["/v1/halls/hall%209%2Fa/comfort"]  # the hall id cannot escape its path segment
    assert hall.snapshot(True) == ANSWER
    assert hall.snapshot(False) is None
    monkeypatch.setattr(comfort, "FRESH_S", -1.0)
    assert hall.snapshot(True) is None


def test_ticket_rows_say_why_there_is_no_index() -> None:
    assert comfort_rows(None)[0][1].zh.startswith("暂不可用")  # type: ignore[union-attr]
    rows = comfort_rows(ANSWER, MONDAY.replace(day=8))  # Tuesday 09:30
    assert [value.zh for _, value in rows] == [  # type: ignore[union-attr]
        "现在大厅人数：较少，适合办税", "本周人少时段：周二上午、周二下午、周四下午"]
