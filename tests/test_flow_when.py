"""A step with `when` is taken only when it holds for what was chosen so far, going on and going back."""

from __future__ import annotations

from kiosk.flow.engine import FlowEngine
from kiosk.flow.model import Choice, FormField, ServiceFlow, Step, StepKind, Text, choose_one
from kiosk.tasks import TaskRunner


def _flow() -> ServiceFlow:
    whom = (Choice("self", Text("本人", "Myself")), Choice("other", Text("他人", "Another person")))
    return ServiceFlow(id="when", title=Text("测试", "Test"), steps=(
        choose_one(Text("为谁", "For whom"), "whom", Text("对象", "For"), whom),
        Step(StepKind.FORM, Text("他人证件号码", "Their ID number"), when=lambda c: c.get("whom") == "other",
             fields=(FormField("insured_id", Text("证件号码", "ID number"), "keypad"),)),
        Step(StepKind.CONFIRM, Text("确认", "Confirm")),
    ))


def test_a_step_is_passed_over_unless_its_condition_holds(qtbot) -> None:  # type: ignore[no-untyped-def]
    engine = FlowEngine(TaskRunner(), {})
    titles: list[str] = []
    engine.step_entered.connect(lambda step: titles.append(step.title.en))
    engine.start(_flow())
    engine.submit({"whom": "self"})
    assert titles == ["For whom", "Confirm"]
    engine.back()  # back past the step not taken, to the choice
    assert titles[-1] == "For whom"
    engine.submit({"whom": "other"})
    assert titles[-1] == "Their ID number"
    engine.submit({"insured_id": "11010519491231002X"})
    engine.back()
    engine.back()
    engine.submit({"whom": "self"})  # changed mind: the other person's number is not asked again
    assert titles[-1] == "Confirm"
