"""The comfort index's levels are relative to the hall's average open hour; stale or offline is unavailable."""

from __future__ import annotations

import datetime
from typing import Any

from kiosk.services import comfort
from kiosk.services.comfort import HallComfort, comfort_rows, crowd_levels


class _Bureau:
    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer
        self.paths: list[str] = []

    def get(self, path: str) -> dict[str, Any]:
        self.paths.append(path)
        return self.answer


def test_levels_follow_the_average_of_open_hours() -> None:
    expected = {"09": 4.0, "10": 8.0, "11": 12.0, "12": 0.0}  # average open hour: 8
    levels = [(h["hour"], h["level"]) for h in crowd_levels(expected, 9)]
    assert levels == [(9, "fewer"), (10, "moderate"), (11, "more"), (12, "fewer")]
    assert len(crowd_levels(expected, 22)) == 2  # the day ends at 24:00


def test_the_snapshot_is_unavailable_offline_before_a_fetch_and_when_stale(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hall = HallComfort("hall 9/a")
    at_ten = datetime.datetime(2026, 12, 1, 10, 5)
    assert hall.snapshot(True, at_ten) is None
    bureau = _Bureau({"hall_id": "hall 9/a", "days_observed": 3, "expected_per_hour": {"10": 6.0, "11": 2.0}})
    hall.refresh(bureau)  # type: ignore[arg-type]
    assert bureau.paths == ["/v1/halls/hall%209%2Fa/comfort"]  # the hall id cannot escape its path segment
    shown = hall.snapshot(True, at_ten)
    assert shown is not None and [h["hour"] for h in shown["hours"]] == [10, 11, 12, 13]
    assert hall.snapshot(False, at_ten) is None
    monkeypatch.setattr(comfort, "FRESH_S", -1.0)
    assert hall.snapshot(True, at_ten) is None


def test_rows_say_why_there_is_no_index() -> None:
    assert comfort_rows(None)[0][1].zh.startswith("暂不可用")
    assert comfort_rows({"days_observed": 0, "hours": []})[0][1].en == "Not enough past visits yet"
    rows = comfort_rows({"days_observed": 2, "hours": crowd_levels({"09": 2.0, "10": 6.0, "11": 0.0}, 10, 2)})
    assert [(label.zh, value.zh) for label, value in rows[1:]] == [  # type: ignore[union-attr]
        ("10:00–11:00", "人多，较拥挤（预计约 6 人）"), ("11:00–12:00", "人少，较舒适（预计几乎无人）")]
