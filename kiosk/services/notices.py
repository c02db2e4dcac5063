"""通知公告: the bureau's notices, on the attract screen and behind their own tile, offline too.

The bureau publishes them as versioned content (`notices`, each with a date range); the
terminal keeps the last copy on disk (`ContentCache`), so they show while the link is down.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.flow.model import NO_LABEL, ServiceFlow, Step, StepKind, Text

CONTENT = "notices"
LOAD_ACTION = "notices.load"
NONE_NOW = Text("目前没有通知公告。", "There are no notices at the moment.")


def current(data: Mapping[str, Any] | None, today: datetime.date) -> list[Text]:
    """The notices in force today, in the bureau's order; malformed entries are left out."""
    notices = []
    for notice in (data or {}).get("notice", []):
        try:
            start = datetime.date.fromisoformat(str(notice.get("from", "0001-01-01")))
            end = datetime.date.fromisoformat(str(notice.get("until", "9999-12-31")))
            text = Text(str(notice["zh"]), str(notice["en"]))
        except (KeyError, ValueError, AttributeError):
            continue
        if start <= today <= end:
            notices.append(text)
    return notices


def load_action(cached: Callable[[], Mapping[str, Any] | None]) -> Callable[[Mapping[str, Any]], list[Text]]:
    """The tile's step: today's notices from the last copy the bureau sent (read in a worker)."""
    return lambda _context: current(cached(), datetime.date.today())


def _rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    notices = context.get("notices") or []
    return [(NO_LABEL, n) for n in notices] if notices else [(NO_LABEL, NONE_NOW)]


def notices_flow() -> ServiceFlow:
    return ServiceFlow(
        id="notices",
        title=Text("通知公告", "Notices"),
        needs_bureau=False,
        steps=(Step(StepKind.QUOTE, Text("通知公告", "Notices from the tax bureau"), action=LOAD_ACTION, auto=True,
                    result_key="notices", present=_rows),),
    )
