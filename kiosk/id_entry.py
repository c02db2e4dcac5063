"""Checks of an ID number typed on the keypad, worded for the person typing it."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.messages import Message
from taxcore.idnumber import check_digit


def id_number_problem(number: str) -> Message | None:
    """None for a valid 18-character citizen ID number, else what is wrong with it."""
    if len(number) != 18:
        return Message(QT_TRANSLATE_NOOP("Messages", "An ID number has 18 characters; you typed {count}."),
                       {"count": len(number)})
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return Message(QT_TRANSLATE_NOOP("Messages", "Only digits, with X allowed as the last character."))
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return Message(QT_TRANSLATE_NOOP(
            "Messages", "The birth date inside this number is not valid. Please check it."))
    if check_digit(number[:17]) != number[17]:
        return Message(QT_TRANSLATE_NOOP(
            "Messages", "This ID number does not add up (check digit). Please check and type it again."))
    return None
