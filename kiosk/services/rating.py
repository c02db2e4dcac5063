"""好差评: five levels, one rating per visit, recorded through the outbox so it works offline."""

from __future__ import annotations

from kiosk.flow.model import ServiceFlow, Step, StepKind, Text

RATE_ACTION = "rating.record"


def rate_step() -> Step:
    """The closing step every service shares; the app skips it once the visit has been rated."""
    return Step(StepKind.RATE, Text("请对本次服务进行评价", "How was our service today?"), action=RATE_ACTION)


def rating_flow() -> ServiceFlow:
    return ServiceFlow(id="rating", title=Text("好差评", "Rate our service"), needs_bureau=False,
                       steps=(rate_step(),))
