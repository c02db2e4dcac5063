"""How much of an ID number or a name may be shown: on screens, receipts, bureau answers and logs.

One rule for every place, so a technician reading a log and a taxpayer reading a receipt see
the same masked form:
- an ID number keeps its first 3 and last 4 characters (`110***********002X`): enough to tell
  two numbers apart and to recognise one's own; a number of 7 characters or fewer is all stars;
- a name keeps its first character (the family name, or the first letter of a foreign name)
  and always hides at least one (`王**`, `张*`, and a one-character name `李*`).
"""

from __future__ import annotations


def mask_id(number: str) -> str:
    """The first 3 and last 4 characters of an ID number, the rest as stars."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:] if len(number) > 7 else "*" * len(number)


def mask_name(name: str) -> str:
    """The first character of a name, then at least one star (a one-character name is not shown whole)."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else name
