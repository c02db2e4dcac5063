"""A tax hall's day: opening hours, the comfort index (办税舒适度指数) and the calling queue.

Tickets reach the bureau twice at most (a terminal online registers its ticket at once to
learn how many are ahead, and the outbox sends it again later); both carry the outbox's
transaction id as the key, so it is one ticket. The comfort index's levels (fewer, moderate,
more visitors) are computed here, once, so terminals and the hall display word the same figures
the same way. Past days only: today's partial day would make every afternoon look quiet.
"""

from __future__ import annotations

import datetime
import time
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bureau import store

HOURS_FILE = Path(__file__).with_name("halls.toml")
FEWER, MORE = 0.75, 1.25  # of the average open hour: below is "fewer", above is "more" visitors
NOON = 12


def hall_hours(hall_id: str, path: Path = HOURS_FILE) -> dict[str, Any]:
    """Name, open and close times, ISO weekdays and the hours worded (zh, en): the hall's own entry or the default."""
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    entry = {**table["default"], **table.get("hall", {}).get(hall_id, {})}
    days = [int(d) for d in entry["days"]]
    span = f"{entry['open']}–{entry['close']}"
    return {"name": str(entry.get("name", hall_id)), "open": str(entry["open"]), "close": str(entry["close"]),
            "days": days, "zh": f"{_days(days, WEEKDAYS_ZH, '至')} {span}",
            "en": f"{_days(days, WEEKDAYS_EN, '–')} {span}"}


WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _days(days: list[int], names: tuple[str, ...], to: str) -> str:
    """[1, 2, 3, 4, 5] → 周一至周五; [1, 3] → 周一、周三."""
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{names[days[0] - 1]}{to}{names[days[-1] - 1]}"
    return ("、" if to == "至" else ", ").join(names[d - 1] for d in days)


def open_hours(hours: Mapping[str, Any]) -> list[int]:
    """The clock hours the counters serve in (09:00–17:00 → 9..16)."""
    first, last = int(hours["open"][:2]), int(hours["close"][:2])
    return list(range(first, last + (1 if hours["close"][3:] > "00" else 0)))


def _level(value: float, mean: float) -> str:
    return "fewer" if value <= FEWER * mean else "more" if value >= MORE * mean else "moderate"


def comfort(engine: Engine, hall_id: str, today: datetime.date | None = None) -> dict[str, Any]:
    """The index from past days' tickets: expected visitors per hour, and levels per weekday and half-day."""
    today = today or datetime.date.today()
    v = store.visits
    with engine.connect() as conn:
        rows = conn.execute(sa.select(v.c.data).where(v.c.kind == "ticket", v.c.hall_id == hall_id)).scalars().all()
    days: set[datetime.date] = set()
    counts: dict[tuple[int, int], int] = defaultdict(int)  # (ISO weekday, hour) → tickets
    for data in rows:
        issued = datetime.datetime.fromisoformat(data["issued_at"])
        if issued.date() >= today:
            continue
        days.add(issued.date())
        counts[(issued.isoweekday(), issued.hour)] += 1
    hours = hall_hours(hall_id)
    n = len(days)
    per_hour = {f"{h:02d}": round(sum(c for (_, hh), c in counts.items() if hh == h) / n, 2) if n else 0.0
                for h in range(24)}
    return {"hall_id": hall_id, "days_observed": n, "expected_per_hour": per_hour, "hours": hours,
            **_levels(counts, days, hours, per_hour)}


def _levels(counts: Mapping[tuple[int, int], int], days: Iterable[datetime.date], hours: Mapping[str, Any],
            per_hour: Mapping[str, float]) -> dict[str, Any]:
    """Per open weekday: each open hour's level and the morning's and afternoon's (empty without data)."""
    seen: dict[int, int] = defaultdict(int)
    for day in days:
        seen[day.isoweekday()] += 1
    clock = open_hours(hours)
    expected = {(w, h): counts.get((w, h), 0) / seen[w] if seen[w] else per_hour[f"{h:02d}"]
                for w in hours["days"] for h in clock}
    mean = sum(expected.values()) / len(expected) if expected else 0.0
    if mean <= 0:
        return {"levels": {}, "halves": {}}
    levels = {str(w): {f"{h:02d}": _level(expected[(w, h)], mean) for h in clock} for w in hours["days"]}
    halves: dict[str, dict[str, str]] = {}
    for w in hours["days"]:
        for half, part in (("am", [h for h in clock if h < NOON]), ("pm", [h for h in clock if h >= NOON])):
            if part:
                halves.setdefault(str(w), {})[half] = _level(sum(expected[(w, h)] for h in part) / len(part), mean)
    return {"levels": levels, "halves": halves}


# --- the calling queue ---------------------------------------------------------------------------
def register_ticket(engine: Engine, terminal: str, hall_id: str, txn_id: str, at: float,
                    data: dict[str, Any]) -> str:
    """Store a ticket under its outbox transaction id (as ingest will): "new", "same" (a resend) or "conflict"."""
    v = store.visits
    try:
        with engine.begin() as conn:
            conn.execute(v.insert().values(kind="ticket", terminal_id=terminal, hall_id=hall_id, key=txn_id, at=at,
                                           data=data))
        return "new"
    except IntegrityError:
        with engine.connect() as conn:
            row = conn.execute(sa.select(v.c.terminal_id, v.c.data).where(
                v.c.kind == "ticket", v.c.key == txn_id)).first()
    same = row is not None and row.terminal_id == terminal and row.data.get("number") == data["number"]
    return "same" if same else "conflict"


def _day_tickets(conn: Connection, hall_id: str, day: str) -> list[dict[str, Any]]:
    """The day's tickets of the hall in the order they were taken, each with its key."""
    v = store.visits
    start = datetime.datetime.fromisoformat(day).timestamp() - 86400  # a margin for issued_at's time zones
    rows = conn.execute(sa.select(v.c.key, v.c.data).where(
        v.c.kind == "ticket", v.c.hall_id == hall_id, v.c.at >= start, v.c.at < start + 3 * 86400,
    ).order_by(v.c.at, v.c.id)).all()
    return [{**r.data, "key": r.key} for r in rows if str(r.data.get("issued_at", ""))[:10] == day]


def _called(conn: Connection, hall_id: str, day: str) -> list[dict[str, Any]]:
    """The day's calls, newest first."""
    v = store.visits
    rows = conn.execute(sa.select(v.c.key, v.c.data).where(v.c.kind == "call", v.c.hall_id == hall_id)
                        .order_by(v.c.at.desc(), v.c.id.desc())).all()
    return [{**r.data, "ticket_key": r.key} for r in rows if r.data.get("day") == day]


def waiting(conn: Connection, hall_id: str, day: str) -> list[dict[str, Any]]:
    """The day's tickets not yet called, first come first."""
    called = {c["ticket_key"] for c in _called(conn, hall_id, day)}
    return [t for t in _day_tickets(conn, hall_id, day) if t["key"] not in called]


def ahead(engine: Engine, hall_id: str, key: str) -> int | None:
    """How many of the same business wait before this ticket; None once it has been called."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(store.visits.c.data).where(
            store.visits.c.kind == "ticket", store.visits.c.key == key)).scalar()
        if row is None:
            return None
        queue = [t for t in waiting(conn, hall_id, str(row["issued_at"])[:10]) if t["service_id"] == row["service_id"]]
    keys = [t["key"] for t in queue]
    return keys.index(key) if key in keys else None


def call_next(engine: Engine, hall_id: str, counter: str, businesses: str = "",
              now: datetime.datetime | None = None) -> dict[str, Any] | None:
    """Call the first waiting ticket (of `businesses`' letters, or any) to `counter`; None if nobody waits."""
    now = now or datetime.datetime.now()
    day = now.date().isoformat()
    for _ in range(5):  # another counter may take the same ticket at the same moment: then the next one
        with engine.connect() as conn:
            queue = [t for t in waiting(conn, hall_id, day) if not businesses or t["service_id"] in businesses]
        if not queue:
            return None
        ticket = queue[0]
        call = {"number": ticket["number"], "business": ticket["service_id"], "counter": counter, "day": day,
                "called_at": now.isoformat("T", "seconds")}
        try:
            with engine.begin() as conn:
                conn.execute(store.visits.insert().values(kind="call", terminal_id="", hall_id=hall_id,
                                                          key=ticket["key"], at=now.timestamp(), data=call))
        except IntegrityError:
            continue
        return call
    return None


def board(engine: Engine, hall_id: str, now: datetime.datetime | None = None, shown: int = 8) -> dict[str, Any]:
    """What the hall display shows: the latest calls and how many wait per business."""
    day = (now or datetime.datetime.now()).date().isoformat()
    with engine.connect() as conn:
        calls = _called(conn, hall_id, day)[:shown]
        queue = waiting(conn, hall_id, day)
    per_business: dict[str, int] = defaultdict(int)
    for t in queue:
        per_business[str(t["service_id"])] += 1
    return {"calls": calls, "waiting": dict(sorted(per_business.items())), "help": help_wanted(engine, hall_id)}


# --- staff calls from terminals (呼叫工作人员) ------------------------------------------------------
HELP_SHOWN_S = 15 * 60  # a call nobody answered stops showing after this (the taxpayer has likely gone)


def ask_help(engine: Engine, hall_id: str, terminal: str, request_id: str, how: str) -> bool:
    """Note a terminal's call for staff; False if this request was already noted (a resend)."""
    data = {"terminal_id": terminal, "how": how, "answered": False}
    try:
        with engine.begin() as conn:
            conn.execute(store.visits.insert().values(kind="help", terminal_id=terminal, hall_id=hall_id,
                                                      key=request_id, at=time.time(), data=data))
    except IntegrityError:
        return False
    return True


def help_wanted(engine: Engine, hall_id: str, now: float | None = None) -> list[dict[str, Any]]:
    """Unanswered staff calls of the last minutes, oldest first, one per terminal."""
    v = store.visits
    since = (now or time.time()) - HELP_SHOWN_S
    with engine.connect() as conn:
        rows = conn.execute(sa.select(v.c.key, v.c.at, v.c.data).where(
            v.c.kind == "help", v.c.hall_id == hall_id, v.c.at >= since).order_by(v.c.at)).all()
    by_terminal = {r.data["terminal_id"]: {**r.data, "at": r.at, "key": r.key} for r in rows if not r.data["answered"]}
    return sorted(by_terminal.values(), key=lambda c: c["at"])


def answer_help(engine: Engine, hall_id: str, terminal: str) -> int:
    """Staff have gone to the terminal: its calls leave the display. Returns how many were open."""
    v = store.visits
    with engine.begin() as conn:
        rows = conn.execute(sa.select(v.c.id, v.c.data).where(
            v.c.kind == "help", v.c.hall_id == hall_id, v.c.terminal_id == terminal)).all()
        open_ = [r for r in rows if not r.data["answered"]]
        for r in open_:
            conn.execute(v.update().where(v.c.id == r.id).values(data={**r.data, "answered": True}))
    return len(open_)
