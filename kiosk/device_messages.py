"""What the person at the screen is told when a device needs them or fails: the drivers' reason keys in words.

Drivers say what happened for logs and technicians and attach a stable `reason` key; the words
for taxpayers, in their language, live here.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.messages import Message

_READER_DOWN = Message(QT_TRANSLATE_NOOP(
    "Messages", "The card reader is not working right now. Please choose \"Type ID number\" instead, or ask staff."))

CARD_PROBLEMS = {
    "unreadable": Message(QT_TRANSLATE_NOOP(
        "Messages", "Your card could not be read. Please lift it off the reader and place it flat again.")),
    "no_reader": _READER_DOWN,
    "no_answer": _READER_DOWN,
}


def card_problem(reason: str) -> Message:
    return CARD_PROBLEMS.get(reason, CARD_PROBLEMS["unreadable"])


def reader_unavailable() -> Message:
    return _READER_DOWN


def not_an_identity_code() -> Message:
    return Message(QT_TRANSLATE_NOOP(
        "Messages", "This code is not a tax-app identity code. Please open the identity code in your tax app."))
