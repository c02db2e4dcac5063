"""好差评: five levels, one rating per visit, recorded through the outbox so it works offline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.flow.model import ServiceFlow, Step, StepKind, Text
from offline_queue.outbox import Outbox, Receipt

RATE_ACTION = "rating.record"


def rate_step() -> Step:
    """The closing step every service shares; the app skips it once the visit has been rated."""
    return Step(StepKind.RATE, Text("请对本次服务进行评价", "How was our service today?"), action=RATE_ACTION)


def rating_flow() -> ServiceFlow:
    return ServiceFlow(id="rating", title=Text("好差评", "Rate our service"), needs_bureau=False,
                       steps=(rate_step(),))


def record_rating(outbox: Outbox, context: Mapping[str, Any]) -> Receipt | None:
    """Durably queue the rating (no personal data: which service and how satisfied); None when skipped."""
    if context.get("rating") is None:
        return None  # 跳过: rating is optional, and a skipped one does not use up the visit's rating
    return outbox.record("rating", {"level": int(context["rating"]), "service": context.get("service")})
