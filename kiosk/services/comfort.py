"""办税舒适度指数: how crowded the hall is expected to be, hour by hour, on the queue ticket screen.

The bureau computes the expected visitors per hour from past tickets
(`GET /v1/halls/{hall}/comfort`). The terminal fetches it in the background whenever the link
is up and keeps the last answer; a ticket shows it only while that answer is fresh and the
link is up, and says plainly that it is unavailable otherwise. The ticket itself never waits
for it: tickets print offline.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from kiosk.bureau_calls import BureauCalls
from kiosk.flow.model import NO_LABEL, Text

FRESH_S = 3600.0  # the index is an average over past days: an hour-old copy is still right
HOURS_SHOWN = 4
LABEL = Text("办税舒适度指数", "Hall comfort index")
LEVELS = {
    "fewer": ("人少，较舒适", "few people"),
    "moderate": ("人数适中", "moderately busy"),
    "more": ("人多，较拥挤", "busy"),
}
UNAVAILABLE = Text("暂不可用（未能连接税务机关），请留意大厅叫号屏",
                   "Unavailable right now (no link to the tax bureau); please watch the hall display")
HEADING = Text("办税舒适度指数：接下来几个小时预计来厅办税的人数，可选人少的时段再来。",
               "Hall comfort index: how many visitors are expected in the coming hours, so you can come back "
               "at a quieter time.")
NO_DATA = Text("暂无数据", "Not enough past visits yet")


def crowd_levels(expected: Mapping[str, float], from_hour: int, count: int = HOURS_SHOWN) -> list[dict[str, Any]]:
    """The next hours with their expected visitors and a level, relative to the hall's average open hour."""
    busy = [v for v in expected.values() if v > 0]
    mean = sum(busy) / len(busy) if busy else 0.0
    hours = []
    for hour in range(from_hour, min(24, from_hour + count)):
        value = float(expected.get(f"{hour:02d}", 0.0))
        level = "fewer" if value <= 0.75 * mean else "more" if value >= 1.25 * mean else "moderate"
        hours.append({"hour": hour, "expected": value, "level": level})
    return hours


class HallComfort:
    """The last comfort index the bureau gave for this terminal's hall (thread-safe: workers write it)."""

    def __init__(self, hall_id: str) -> None:
        self.hall_id = hall_id
        self._lock = threading.Lock()
        self._latest: dict[str, Any] | None = None
        self._fetched_at = 0.0

    def refresh(self, bureau: BureauCalls) -> dict[str, Any]:
        answer = bureau.get(f"/v1/halls/{quote(self.hall_id, safe='')}/comfort")
        with self._lock:
            self._latest, self._fetched_at = answer, time.monotonic()
        return dict(answer)

    def snapshot(self, link_up: bool, now: datetime.datetime | None = None) -> dict[str, Any] | None:
        """What a ticket issued now shows: the next hours, or None when the index is unavailable."""
        with self._lock:
            latest, age = self._latest, time.monotonic() - self._fetched_at
        if not link_up or latest is None or age > FRESH_S:
            return None
        hour = (now or datetime.datetime.now()).hour
        return {"days_observed": int(latest.get("days_observed", 0)),
                "hours": crowd_levels(latest.get("expected_per_hour", {}), hour)}


def comfort_rows(comfort: Mapping[str, Any] | None) -> list[tuple[Text, str | Text]]:
    """The ticket screen's rows: one per coming hour, or one saying why there is no index."""
    if comfort is None:
        return [(LABEL, UNAVAILABLE)]
    if not comfort["days_observed"] or not comfort["hours"]:
        return [(LABEL, NO_DATA)]
    rows: list[tuple[Text, str | Text]] = [(NO_LABEL, HEADING)]
    for h in comfort["hours"]:
        zh, en = LEVELS[h["level"]]
        n = round(h["expected"])
        span = f"{h['hour']:02d}:00–{(h['hour'] + 1) % 24:02d}:00"
        expected = (Text(f"{zh}（预计约 {n} 人）", f"{en} (about {n} visitors expected)") if n else
                    Text(f"{zh}（预计几乎无人）", f"{en} (hardly anyone expected)"))
        rows.append((Text(span, span), expected))
    return rows
