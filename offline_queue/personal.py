"""What counts as personal data: one definition for sealing outbox payloads and masking logs (kiosk/logs.py)."""

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
