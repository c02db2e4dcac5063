"""A service flow tapped through as a taxpayer would: keypad, choices, confirm, rating."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QPushButton

from kiosk.flow.engine import ActionError
from kiosk.flow.model import Choice, FormField, ServiceFlow, Step, StepKind, Text
from kiosk.id_entry import id_number_problem
from kiosk.messages import Message

VALID_ID = "11010519491231002X"
WRONG_CHECK = "110105194912310021"

RECORDED: list[dict[str, Any]] = []
YEARS = (Choice("2025", Text("2025年", "2025")), Choice("2026", Text("2026年", "2026")))


def _flow() -> ServiceFlow:
    return ServiceFlow(
        id="test_service",
        title=Text("测试业务", "Test service"),
        steps=(
            Step(StepKind.IDENTIFY, Text("请输入证件号码", "Type your ID number"),
                 fields=(FormField("id_number", Text("证件号码", "ID number"), "keypad", validate=id_number_problem),)),
            Step(StepKind.FORM, Text("选择年度", "Choose the year"),
                 fields=(FormField("year", Text("年度", "Year"), "choice", choices=YEARS),)),
            Step(StepKind.CONFIRM, Text("请确认", "Please confirm"), action="record", result_key="receipt",
                 present=lambda c: [(Text("年度", "Year"), c["year"])]),
            Step(StepKind.RATE, Text("请评价", "Please rate"), action="rate"),
        ),
    )


def _kiosk_with_flow(app, record):  # type: ignore[no-untyped-def]
    app.flows = {"queue_ticket": _flow()}
    app.engine._actions = {"record": record, "rate": lambda c: RECORDED.append({"rating": c["rating"]})}
    app.start_session()
    return app


def _type(step, text: str) -> None:  # type: ignore[no-untyped-def]
    step.set_identify_method("type")
    keypad = step.inputs[0].keypad
    for ch in text:
        keypad.buttons[ch].click()


def _button(step, label: str) -> QPushButton:  # type: ignore[no-untyped-def]
    groups = [i.group for i in step.inputs if hasattr(i, "group")]
    if step.rating_group is not None:
        groups.append(step.rating_group)
    return next(b for g in groups for b in g.buttons() if b.text() == label)


def _confirm_year(window, year: str) -> None:  # type: ignore[no-untyped-def]
    """From home: the service, a valid ID number, the year, then Confirm (its action runs)."""
    window.home.tiles["queue_ticket"].click()
    _type(window.step, VALID_ID)
    window.step.next_button.click()
    _button(window.step, year).click()
    window.step.next_button.click()
    window.step.next_button.click()


def test_tap_through_with_validation_back_and_rating(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    RECORDED.clear()
    app = _kiosk_with_flow(kiosk, lambda c: RECORDED.append(dict(c)) or "ok")
    w = app.window
    w.home.tiles["queue_ticket"].click()
    step = w.step
    assert w.current_screen() is step and step.title.text() == "请输入证件号码"
    assert step.progress.text() == "第 1 步 / 共 4 步"
    # The card reader is the default; the keypad appears when the taxpayer chooses to type.
    assert step.identify_method == "card" and not step.next_button.isVisibleTo(step)
    assert "读卡区" in step.method_hint.text()
    step.set_identify_method("type")
    _type(step, WRONG_CHECK)
    assert step.inputs[0].error.text() == "证件号码校验位不正确，请核对后重新输入。"
    assert not step.next_button.isEnabled()
    step.inputs[0].keypad.buttons["⌫"].click()
    assert step.inputs[0].error.text() == ""  # no complaint while still typing
    step.inputs[0].keypad.buttons["X"].click()
    assert step.inputs[0].display.text() == "110105 19491231 002X" and step.next_button.isEnabled()
    step.next_button.click()

    assert step.title.text() == "选择年度" and not step.next_button.isEnabled()
    step.back_button.click()
    assert step.title.text() == "请输入证件号码" and step.inputs[0].value == VALID_ID
    step.next_button.click()
    _button(step, "2025年").click()
    step.next_button.click()

    assert step.title.text() == "请确认" and step.next_button.text() == "确认办理"
    step.next_button.click()
    step.next_button.click()  # a double tap while the action runs does nothing more
    qtbot.waitUntil(lambda: step.title.text() == "请评价", timeout=3000)
    assert len(RECORDED) == 1 and RECORDED[0]["id_number"] == VALID_ID and RECORDED[0]["year"] == "2025"
    _button(step, "非常满意").click()
    step.next_button.click()
    qtbot.waitUntil(lambda: w.current_screen() is w.home, timeout=3000)
    assert RECORDED[-1] == {"rating": "5"}
    assert not app.engine.running and app.session.active


def test_a_failing_action_says_why_and_can_be_retried(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    attempts: list[int] = []

    def flaky(context: Mapping[str, Any]) -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise ActionError(Message("The system took too long to answer. Please try again."))
        return "ok"

    app = _kiosk_with_flow(kiosk, flaky)
    w = app.window
    _confirm_year(w, "2026年")
    qtbot.waitUntil(lambda: w.step.banner.text() == "系统响应超时，请重试。", timeout=3000)
    assert w.step.title.text() == "请确认" and w.step.next_button.isEnabled()
    w.step.next_button.click()
    qtbot.waitUntil(lambda: w.step.title.text() == "请评价", timeout=3000)
    assert len(attempts) == 2


def test_cancel_and_session_end_wipe_the_flow(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    app = _kiosk_with_flow(kiosk, lambda c: gate.wait(5) and "late")
    w = app.window
    w.home.tiles["queue_ticket"].click()
    _type(w.step, VALID_ID)
    w.step.cancel_button.click()
    assert w.current_screen() is w.home and not app.engine.running
    w.home.tiles["queue_ticket"].click()
    _type(w.step, VALID_ID)
    w.step.next_button.click()
    app.session.end("timeout")
    gate.set()
    assert w.current_screen() is w.attract and not app.engine.running
    qtbot.wait(50)
    assert all(VALID_ID not in label.text() for label in w.step.findChildren(type(w.step.title)))


def test_one_rating_per_visit(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    from kiosk.services.rating import RATE_ACTION, rating_flow

    RECORDED.clear()
    app = _kiosk_with_flow(kiosk, lambda c: "ok")
    app.flows["rating"] = rating_flow()
    app.engine._actions[RATE_ACTION] = lambda c: RECORDED.append({"rating": c["rating"]})
    w = app.window
    w.home.tiles["rating"].click()
    assert w.step.title.text() == "请对本次服务进行评价" and w.step.next_button.text() == "跳过"
    _button(w.step, "满意").click()
    assert w.step.next_button.text() == "提交评价"
    w.step.next_button.click()
    qtbot.waitUntil(lambda: w.current_screen() is w.home, timeout=3000)
    assert RECORDED == [{"rating": "4"}]
    # The same visit: the rating tile says thanks, and a service's closing rating step is skipped.
    w.home.tiles["rating"].click()
    assert w.current_screen() is w.message and w.message.body.text() == "您本次已评价，感谢您的支持！"
    w.message.back_button.click()
    _confirm_year(w, "2025年")
    qtbot.waitUntil(lambda: w.current_screen() is w.home, timeout=3000)
    assert RECORDED == [{"rating": "4"}]  # the confirm step's action returned "ok"; no second rating
    # The next visit may rate again.
    app.session.end("completed")
    app.start_session()
    w.home.tiles["rating"].click()
    assert w.current_screen() is w.step


def test_the_step_total_is_fixed_when_the_flow_starts(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    from kiosk.services.si_pay import si_pay_flow

    flow = si_pay_flow()
    kiosk.flows = {"queue_ticket": flow}
    kiosk.engine._actions = {s.action: (lambda c: {"name": "张*"}) for s in flow.steps if s.action}
    kiosk.start_session()
    w = kiosk.window
    w.home.tiles["queue_ticket"].click()
    # Identify, face, whom, the other person's number (only when paying for another), insurance, level,
    # confirm, pay, voucher, rating: the total never moves; paying for oneself passes step 4.
    assert w.step.progress.text() == "第 1 步 / 共 10 步"
    _type(w.step, VALID_ID)
    w.step.next_button.click()
    qtbot.waitUntil(lambda: w.step.title.text() == "请正对摄像头，核验身份", timeout=3000)
    assert w.step.progress.text() == "第 2 步 / 共 10 步"
    w.step.next_button.click()
    qtbot.waitUntil(lambda: w.step.title.text() == "为谁缴费？", timeout=3000)
    assert w.step.progress.text() == "第 3 步 / 共 10 步"
    _button(w.step, "为他人缴费").click()
    w.step.next_button.click()
    assert w.step.title.text() == "请输入参保人的证件号码" and w.step.progress.text() == "第 4 步 / 共 10 步"
    w.step.back_button.click()
    _button(w.step, "为本人缴费").click()
    w.step.next_button.click()
    qtbot.waitUntil(lambda: w.step.title.text() == "请选择险种和缴费年度", timeout=3000)
    assert w.step.progress.text() == "第 5 步 / 共 10 步"
