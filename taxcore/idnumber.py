"""GB 11643-1999 resident ID numbers: the check digit that catches misreads and typos.

The one implementation: the keypad, the card reader and the bureau all check numbers with it.
"""

from __future__ import annotations

import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def with_check_digit(first17: str) -> str:
    """The whole number whose first 17 characters are `first17`."""
    return first17 + check_digit(first17)


def is_valid(number: str) -> bool:
    """Shape, a real birth date and the check digit."""
    number = number.upper()
    if not _SHAPE.match(number):
        return False
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return check_digit(number[:17]) == number[17]
