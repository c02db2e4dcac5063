"""Runs one service flow: moves between steps, runs step actions in workers, back and cancel.

Actions are named callables registered by the app (bureau calls, printing, outbox writes).
They run through the TaskRunner, so a slow bureau never freezes the screen; their failures
come back as messages the step screen shows with a way on (retry, back or cancel).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from kiosk.flow.model import ServiceFlow, Step, StepKind
from kiosk.messages import Message
from kiosk.tasks import TaskRunner, TaskTimeout

log = logging.getLogger(__name__)

# An action gets the flow context (read-only view) and returns a result to store.
Action = Callable[[Mapping[str, Any]], Any]


class ActionError(Exception):
    """An action's failure worded for the taxpayer; `retry` says whether trying again may help."""

    def __init__(self, message: Message, retry: bool = True) -> None:
        super().__init__(message.source)
        self.message = message
        self.retry = retry


class FlowEngine(QObject):
    step_entered = Signal(object)  # Step
    step_done = Signal(object, object)  # Step, the result of its action (None without one)
    busy = Signal(bool)
    failed = Signal(object)  # ActionError
    finished = Signal(str)  # "completed" or "cancelled"

    def __init__(self, runner: TaskRunner, actions: Mapping[str, Action], action_timeout_s: float = 20.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._actions = dict(actions)
        self._timeout_s = action_timeout_s
        self.flow: ServiceFlow | None = None
        self.index = 0
        self.context: dict[str, Any] = {}
        self._pending_task: int | None = None
        self._auto_done = False  # the current auto step's action has succeeded
        self._counted: tuple[int, ...] = ()  # the steps the position counts, fixed at the start
        # Steps to pass over (e.g. the rating once the visit has been rated).
        self.skip: Callable[[Step], bool] = lambda step: False

    @property
    def step(self) -> Step | None:
        return self.flow.steps[self.index] if self.flow else None

    @property
    def busy_now(self) -> bool:
        """An action is running (the screen shows "please wait")."""
        return self._pending_task is not None

    @property
    def running(self) -> bool:
        return self.flow is not None

    def bind(self, name: str, action: Action) -> None:
        """Make an action available (when its device or service comes up)."""
        self._actions[name] = action

    def missing_actions(self, flow: ServiceFlow) -> list[str]:
        """Actions the flow names that this terminal has not bound (no device or bureau for them)."""
        return [s.action for s in flow.steps if s.action and s.action not in self._actions]

    def start(self, flow: ServiceFlow, context: Mapping[str, Any] | None = None) -> None:
        missing = self.missing_actions(flow)
        if missing:
            raise KeyError(f"service {flow.id!r} needs unknown actions {missing}")
        self.flow, self.index, self.context = flow, -1, dict(context or {})
        self._counted = tuple(i for i, s in enumerate(flow.steps) if not self.skip(s))
        log.info("service started", extra={"service": flow.id})
        self._advance()

    def submit(self, values: Mapping[str, Any] | None = None) -> None:
        """The taxpayer finished the current step with these values."""
        step = self.step
        if step is None or self._pending_task is not None:
            return  # a double tap while an action runs is ignored
        self.context.update(values or {})
        if step.action is None or (step.auto and self._auto_done):
            if step.action is None:
                self.step_done.emit(step, None)
            self._advance()
            return
        self._run(step)

    def _run(self, step: Step) -> None:
        assert step.action is not None
        action = self._actions[step.action]
        snapshot = dict(self.context)
        self.busy.emit(True)
        self._pending_task = self._runner.submit(
            lambda: action(snapshot), self._timeout_s, name=step.action,
            on_success=lambda result: self._action_done(step, result),
            on_failure=lambda exc: self._action_failed(step, exc),
        )

    def position(self) -> tuple[int, int]:
        """The current step's number and the total, fixed when the flow started.

        A total that grows mid-flow (共8步 → 共9步) tells the taxpayer the end moved away, so the
        steps an answer may still bring (`when`: paying for another person, a tax to pay) are
        counted from the start; one an answer leaves out is passed, and the number moves on past
        it. Only steps `skip` leaves out at the start (the rating of a visit already rated) are not.
        """
        if self.flow is None:
            return 0, 0
        return sum(1 for i in self._counted if i <= self.index), len(self._counted)

    def can_go_back(self) -> bool:
        """Not past something done for real (a print): going back would only do it twice."""
        return self.flow is not None and not any(s.auto for s in self.flow.steps[: self.index + 1])

    def can_cancel(self) -> bool:
        """Not on a print step whose document is out: nothing is left to call off, only to take it and finish.

        (A pay step also runs by itself, opening the order; it can be cancelled until paid.)
        """
        step = self.step
        return step is not None and not (step.kind is StepKind.PRINT and self._auto_done)

    def back(self) -> None:
        if self.flow is None or self._pending_task is not None or not self.can_go_back():
            return
        earlier = [i for i in range(self.index) if not self._passed_over(self.flow.steps[i])]
        if not earlier:
            self.cancel()
            return
        self.index = earlier[-1]
        self._enter()

    def cancel(self) -> None:
        self._end("cancelled")

    def _advance(self) -> None:
        assert self.flow is not None
        steps = self.flow.steps
        later = next((i for i in range(self.index + 1, len(steps)) if not self._passed_over(steps[i])), None)
        if later is None:
            self._end("completed")
            return
        self.index = later
        self._enter()

    def _passed_over(self, step: Step) -> bool:
        return self.skip(step) or (step.when is not None and not step.when(self.context))

    def _enter(self) -> None:
        step = self.step
        assert step is not None
        self._auto_done = False
        self.step_entered.emit(step)
        if step.auto and step.action is not None:
            self._run(step)

    def _action_done(self, step: Step, result: Any) -> None:
        self._pending_task = None
        self.busy.emit(False)
        if self.flow is None or step is not self.step:
            return  # the flow was cancelled meanwhile
        if step.result_key:
            self.context[step.result_key] = result
        self.step_done.emit(step, result)
        if step.auto:
            self._auto_done = True
            self.step_entered.emit(step)  # show the outcome; "Next" moves on
            return
        self._advance()

    def _action_failed(self, step: Step, exc: Exception) -> None:
        self._pending_task = None
        self.busy.emit(False)
        if self.flow is None or step is not self.step:
            return
        if isinstance(exc, ActionError):
            error = exc
        elif isinstance(exc, TaskTimeout):
            error = ActionError(Message(QT_TRANSLATE_NOOP(
                "Messages", "The system took too long to answer. Please try again.")))
        else:
            log.error("action failed", extra={"action": step.action, "error": type(exc).__name__})
            error = ActionError(Message(QT_TRANSLATE_NOOP(
                "Messages", "Something went wrong. Please try again or ask at the service counter.")))
        self.failed.emit(error)

    def _end(self, reason: str) -> None:
        if self.flow is None:
            return
        log.info("service ended", extra={"service": self.flow.id, "reason": reason})
        self.flow, self.index, self._pending_task = None, 0, None
        self.context.clear()
        self.finished.emit(reason)
