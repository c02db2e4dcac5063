"""Checks of an ID number typed on the keypad, worded for the person typing it."""

from __future__ import annotations

import datetime

from kiosk.flow.model import Text

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_character(first17: str) -> str:
    """GB 11643 check character of the first 17 digits."""
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def id_number_problem(number: str) -> Text | None:
    """None for a valid 18-character citizen ID number, else what is wrong with it."""
    if len(number) != 18:
        return Text(f"证件号码应为18位，您输入了{len(number)}位。",
                    f"An ID number has 18 characters; you typed {len(number)}.")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return Text("证件号码只能包含数字，最后一位可以是X。", "Only digits, with X allowed as the last character.")
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return Text("证件号码中的出生日期不正确，请核对。",
                    "The birth date inside this number is not valid. Please check it.")
    if check_character(number[:17]) != number[17]:
        return Text("证件号码校验位不正确，请核对后重新输入。",
                    "This ID number does not add up (check digit). Please check and type it again.")
    return None
