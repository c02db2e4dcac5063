"""The vocabulary of service flows: step kinds, form fields, choices, and the flow itself.

A new service is a `ServiceFlow` value: which steps, which fields with what validation,
which bureau call ("action") runs at a step, which document it prints, and whether it works
offline. The screens know the step kinds, never the services.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.id_entry import id_number_problem
from kiosk.messages import Message, Text

__all__ = ["Choice", "FormField", "Message", "ServiceFlow", "Step", "StepKind", "Text"]


class StepKind(enum.Enum):
    IDENTIFY = "identify"  # who the taxpayer is: ID card, tax-app QR, or typed number
    SCAN = "scan"  # a code held up to the scanner or camera (an invoice, a certificate)
    FORM = "form"  # choices and numbers the service needs
    QUOTE = "quote"  # what the bureau says is due or available
    CONFIRM = "confirm"  # everything at a glance before anything irreversible
    PAY = "pay"  # QR payment
    PRINT = "print"  # the document comes out
    RATE = "rate"  # 好差评, once per visit


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text


# A validator returns None when the value is fine, else the message to show.
Validator = Callable[[str], Message | None]
# Choices may depend on what is known so far (e.g. the years the bureau has records for).
ChoiceSource = tuple[Choice, ...] | Callable[[Mapping[str, Any]], tuple[Choice, ...]]


@dataclass(frozen=True)
class FormField:
    id: str
    label: Text
    # "choice" (large buttons, one), "multi" (large buttons, several), "keypad" (digits) or
    # "text" (a line edit typed on the on-screen keyboard, pinyin or English: names, addresses, plates);
    # a text value reaches the context with outer spaces stripped, and longer than max_length is refused.
    kind: str
    choices: ChoiceSource = ()
    validate: Validator | None = None
    max_length: int = 18
    optional: bool = False  # may be left empty (a phone number for a reminder)
    # What the value adds up to, shown under the buttons as it changes (a multi-choice's running total).
    summary: Callable[[Mapping[str, Any], str], Text] | None = None

    def options(self, context: Mapping[str, Any]) -> tuple[Choice, ...]:
        return self.choices(context) if callable(self.choices) else self.choices


@dataclass(frozen=True)
class Step:
    kind: StepKind
    title: Text
    fields: tuple[FormField, ...] = ()
    # Name of the action (a bureau call or local work) run when the step is submitted;
    # its result is stored in the flow context under the step's `result_key`.
    action: str | None = None
    result_key: str | None = None
    note: Text | None = None
    # What the step shows from the context (quote, confirm, print, result): label/value rows;
    # a value is data (an amount, a date) or bilingual content.
    present: Callable[[Mapping[str, Any]], list[tuple[Text, str | Text]]] | None = None
    # A payload to show as a QR code beside the rows (a link to a guide's full text, a payment).
    qr: Callable[[Mapping[str, Any]], str | None] | None = None
    # Run the action as soon as the step is shown (printing) and stay on the step to show how
    # it went; "Next" then moves on, or after a failure tries the same action again.
    auto: bool = False
    # The outcome in plain words above the rows (a check's verdict): a level ("good", "bad",
    # "warn") that colours it, and the words.
    outcome: Callable[[Mapping[str, Any]], tuple[str, Text]] | None = None
    # Only when this holds for the context so far (e.g. another person's ID number only when
    # paying for another person); a step without it is always taken.
    when: Callable[[Mapping[str, Any]], bool] | None = None


@dataclass(frozen=True)
class ServiceFlow:
    id: str
    title: Text
    steps: tuple[Step, ...]
    needs_bureau: bool = True
    document: str | None = None
    tags: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.steps:
            raise ValueError(f"service {self.id!r} has no steps")


# A row without a label: a paragraph or a headline spanning the step's width.
NO_LABEL = Text("", "")


def choose_one(title: Text, field_id: str, label: Text, choices: ChoiceSource) -> Step:
    """The commonest step: pick one of a few large buttons."""
    return Step(StepKind.FORM, title, fields=(FormField(field_id, label, "choice", choices=choices),))


IDENTIFY_TITLE = Text("请出示身份证件", "Show who you are")
ID_NUMBER_LABEL = Text("证件号码", "ID number")


def identify_step(title: Text = IDENTIFY_TITLE) -> Step:
    """Who the taxpayer is: card on the reader, tax-app QR or the number typed on the keypad.

    Whichever way, the step puts `id_number` in the context (and `name`, `card_type`,
    `identified_by` = "card" when the card was read).
    """
    return Step(StepKind.IDENTIFY, title,
                fields=(FormField("id_number", ID_NUMBER_LABEL, "keypad", validate=id_number_problem),))


# Where a scan step puts the code it read, for its action to interpret.
SCANNED = "scanned"


def scan_step(title: Text, note: Text, action: str, result_key: str, typed: FormField | None = None) -> Step:
    """Hold a code up to the scanner window (or the camera); the code read runs `action`.

    A code the action refuses (not the kind asked for, unreadable) leaves the step on screen
    with the action's message, ready for the next code. With `typed`, a keypad offers to type
    a code instead; "Next" then submits it with an empty `SCANNED`.
    """
    return Step(StepKind.SCAN, title, fields=(typed,) if typed else (), note=note, action=action,
                result_key=result_key)
