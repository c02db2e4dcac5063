"""How much of an ID number or a name may be shown: on screens, receipts, bureau answers and logs.

One rule for every place, so a technician reading a log and a taxpayer reading a receipt see
the same masked form:
- an ID number keeps its first 3 and last 4 characters (`110***********002X`): enough to tell
  two numbers apart and to recognise one's own; a number of 7 characters or fewer is all stars;
- a name keeps its first character (the family name, or the first letter of a foreign name)
  and always hides at least one (`王**`, `张*`, and a one-character name `李*`).

What counts as personal is defined here too, once: the outbox seals it at rest
(offline_queue/cipher.py), the terminal's and the bureau's logs mask it (kiosk/logs.py,
bureau/logmask.py).
"""

from __future__ import annotations

import re

# Keys of structured fields whose values are personal whatever they look like.
PERSONAL_KEYS = frozenset(
    {"name", "person_name", "id_number", "english_name", "chinese_name", "address", "photo", "phone"}
)

# ID numbers wherever they appear: citizen ID (18 chars), HK/Macau/Taiwan permit numbers (same
# shape), 2023 PR numbers (start with 9, same shape), 2017 PR numbers (3 letters + 12 digits),
# old 15-digit IDs.
ID_NUMBER = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|[A-Z]{3}\d{12}|\d{15})(?![\dXx])")


def mask_id(number: str) -> str:
    """The first 3 and last 4 characters of an ID number, the rest as stars."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:] if len(number) > 7 else "*" * len(number)


def mask_name(name: str) -> str:
    """The first character of a name, then at least one star (a one-character name is not shown whole)."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else name


def mask_id_numbers(text: str) -> str:
    """Every ID-number-shaped run in free text (a log line, a path, a traceback) masked."""
    return ID_NUMBER.sub(lambda m: mask_id(m.group(0)), text)
