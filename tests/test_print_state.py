"""A print step says it is printing while the paper is still coming, and only then where to take it."""

from __future__ import annotations

from kiosk.services.tickets import tickets_flow


def test_the_print_step_reads_printing_until_the_slip_is_out(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    step = kiosk.window.step
    print_step = tickets_flow().steps[-1]
    context = {"ticket": {"number": "A01-001", "business": "A", "ahead": None}}
    step.show_step(print_step, context, 3, 3, "zh_CN")
    step.set_busy(True)  # the engine runs the print
    assert step.title.text() == "正在打印，请稍候…" and not step.next_button.isEnabled()
    shown = [label.text() for label in step.body.findChildren(type(step.title))]
    assert "请在下方凭条出口取走凭条（1张）。" not in shown
    step.set_busy(False)
    step.show_step(print_step, {**context, "printed": "ok"}, 3, 3, "zh_CN")  # the engine shows the outcome
    assert step.title.text() == "请取走您的排队凭条" and step.next_button.text() == "完成"
    shown = [label.text() for label in step.body.findChildren(type(step.title))]
    assert "请在下方凭条出口取走凭条（1张）。" in shown
