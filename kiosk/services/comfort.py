"""办税舒适度指数: how busy the hall's counters are expected to be, so people can pick a quiet time.

The bureau computes the index from past days' tickets (`GET /v1/halls/{hall}/comfort`): for
each open weekday, each hour's and each half-day's level (fewer, moderate or more visitors than
the hall's average open hour), and the hall's hours. The terminal fetches it in the background
whenever the link is up and keeps the last answer for an hour; this module only words it:
"now" (never a level while the counters are closed), the hours, the week's quiet half-days.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from kiosk.flow.model import NO_LABEL, Text

FRESH_S = 3600.0  # the index is an average over past days: an hour-old copy is still right
DAYS_SHOWN = 5  # open days in the week grid
NOON = 12
LABEL = Text("办税舒适度指数", "Hall comfort index")
LEVELS = {"fewer": Text("较少", "quiet"), "moderate": Text("适中", "moderate"), "more": Text("较多", "busy")}
NOW = {
    "fewer": Text("现在大厅人数：较少，适合办税", "The hall is quiet now: a good time"),
    "moderate": Text("现在大厅人数：适中", "The hall is moderately busy now"),
    "more": Text("现在大厅人数：较多，可选人少的时段再来", "The hall is busy now: a quieter time may suit you better"),
}
CLOSED = Text("大厅窗口现在不办公，本机24小时可用", "The counters are closed now; this terminal works 24 hours")
NOT_PUBLISHED = Text("办税舒适度指数暂未发布", "The hall comfort index is not published yet")
UNAVAILABLE = Text("暂不可用（未能连接税务机关），请留意大厅叫号屏",
                   "Unavailable right now (no link to the tax bureau); please watch the hall display")
WEEKDAYS = (("周一", "Mon"), ("周二", "Tue"), ("周三", "Wed"), ("周四", "Thu"), ("周五", "Fri"), ("周六", "Sat"),
            ("周日", "Sun"))
HALVES = {"am": Text("上午", "morning"), "pm": Text("下午", "afternoon")}


@dataclass(frozen=True)
class DayOutlook:
    label: Text  # 周二 12/8
    am: str | None  # a level key, None when that half-day is closed or past
    pm: str | None


@dataclass(frozen=True)
class Outlook:
    """The index worded for a visitor at one moment."""

    now: Text  # a level now, or closed with the hours, or not published
    hours: Text  # 办税时间 周一至周五 09:00–17:00
    quiet: Text | None  # the week's quiet half-days, None without any
    week: tuple[DayOutlook, ...]
    open_now: bool
    level_now: str | None


def weekday(day: datetime.date) -> Text:
    zh, en = WEEKDAYS[day.weekday()]
    return Text(f"{zh} {day.month}/{day.day}", f"{en} {day.day} {day.strftime('%b')}")


def is_open(hours: Mapping[str, Any], at: datetime.datetime) -> bool:
    return at.isoweekday() in hours["days"] and hours["open"] <= at.strftime("%H:%M") < hours["close"]


def outlook(answer: Mapping[str, Any], now: datetime.datetime) -> Outlook:
    hours = answer["hours"]
    halves: Mapping[str, Mapping[str, str]] = answer.get("halves") or {}
    open_now = is_open(hours, now)
    level = (answer.get("levels") or {}).get(str(now.isoweekday()), {}).get(f"{now.hour:02d}") if open_now else None
    headline = CLOSED if not open_now else NOW[level] if level else NOT_PUBLISHED
    week: list[DayOutlook] = []
    day = now.date()
    while len(week) < DAYS_SHOWN and day < now.date() + datetime.timedelta(days=14):
        if day.isoweekday() in hours["days"]:
            levels = halves.get(str(day.isoweekday()), {})
            past_am = day == now.date() and now.hour >= NOON
            past_pm = day == now.date() and now.strftime("%H:%M") >= hours["close"]
            week.append(DayOutlook(weekday(day), None if past_am else levels.get("am"),
                                   None if past_pm else levels.get("pm")))
        day += datetime.timedelta(days=1)
    quiet = [(d.label, HALVES[half]) for d in week for half in ("am", "pm")
             if (d.am if half == "am" else d.pm) == "fewer"][:4]
    quiet_text = (Text("本周人少时段：" + "、".join(f"{d.zh.split()[0]}{h.zh}" for d, h in quiet),
                       "Quiet times this week: " + ", ".join(f"{d.en.split()[0]} {h.en}" for d, h in quiet))
                  if quiet else None)
    return Outlook(headline, Text(f"办税时间：{hours['zh']}", f"Hall hours: {hours['en']}"), quiet_text,
                   tuple(week), open_now, level)


class HallComfort:
    """The last comfort index the bureau gave for this terminal's hall (thread-safe: workers write it)."""

    def __init__(self, hall_id: str) -> None:
        self.hall_id = hall_id
        self._lock = threading.Lock()
        self._latest: dict[str, Any] | None = None
        self._fetched_at = 0.0

    def refresh(self, get: Callable[[str], Any]) -> dict[str, Any]:
        """Ask the bureau (`get` is `BureauCalls.get`: screens import this module, so it names no client)."""
        answer = get(f"/v1/halls/{quote(self.hall_id, safe='')}/comfort")
        with self._lock:
            self._latest, self._fetched_at = answer, time.monotonic()
        return dict(answer)

    def snapshot(self, link_up: bool) -> dict[str, Any] | None:
        """The bureau's last answer while it is fresh and the link up; None when the index is unavailable."""
        with self._lock:
            latest, age = self._latest, time.monotonic() - self._fetched_at
        if not link_up or latest is None or age > FRESH_S or "hours" not in latest:
            return None
        return dict(latest)


def comfort_rows(answer: Mapping[str, Any] | None, now: datetime.datetime | None = None
                 ) -> list[tuple[Text, str | Text]]:
    """The ticket screen's rows: now (or closed), the week's quiet times; or why there is no index."""
    if answer is None:
        return [(LABEL, UNAVAILABLE)]
    seen = outlook(answer, now or datetime.datetime.now())
    rows: list[tuple[Text, str | Text]] = [(LABEL, seen.now)]
    if seen.quiet is not None:
        rows.append((NO_LABEL, seen.quiet))
    return rows
