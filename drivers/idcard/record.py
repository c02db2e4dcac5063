"""The card's 256-byte text block (UCS-2 LE, space-padded fields) as a typed, validated record.

The layout depends on the card type named by the character at byte 248 (space = resident ID,
`J` = HK/Macau/Taiwan residence permit, `I` = foreign permanent-residence card 2017, `Y` =
2023). Numbers are checked (GB 11643 check character; birth date and gender must agree with
the card) so a corrupted read is refused rather than filed. The 1024-byte photo stays as the
raw WLT bytes; only a vendor library can decode it (see photo.py).
Everything wrong raises `RecordError`, a `DecodeError` like the frame errors.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import asdict, dataclass, field
from typing import Any

from drivers.idcard.codes import GENDERS, NATIONS
from drivers.idcard.frames import DecodeError
from taxcore.idnumber import check_digit

TEXT_LEN = 256
PHOTO_LEN = 1024
LONG_TERM = "长期"


class RecordError(DecodeError):
    """The text block is not a card record we can trust; the message names the field."""


class CardType(enum.Enum):
    RESIDENT = "resident"
    HMT_PERMIT = "hmt_permit"
    FOREIGN_PR_2017 = "foreign_pr_2017"
    FOREIGN_PR_2023 = "foreign_pr_2023"


_TYPE_MARKS = {" ": CardType.RESIDENT, "\x00": CardType.RESIDENT, "J": CardType.HMT_PERMIT,
               "I": CardType.FOREIGN_PR_2017, "Y": CardType.FOREIGN_PR_2023}

# Byte offset and length of each field per card type (idcard-sam.md).
_LAYOUTS: dict[CardType, dict[str, tuple[int, int]]] = {
    CardType.RESIDENT: {
        "name": (0, 30), "gender": (30, 2), "nation": (32, 4), "birth": (36, 16), "address": (52, 70),
        "id_number": (122, 36), "authority": (158, 30), "valid_from": (188, 16), "valid_to": (204, 16),
    },
    CardType.HMT_PERMIT: {
        "name": (0, 30), "gender": (30, 2), "birth": (36, 16), "address": (52, 70), "id_number": (122, 36),
        "authority": (158, 30), "valid_from": (188, 16), "valid_to": (204, 16), "pass_number": (220, 18),
        "issue_count": (238, 4),
    },
    CardType.FOREIGN_PR_2017: {
        "english_name": (0, 120), "gender": (120, 2), "id_number": (122, 30), "nationality": (152, 6),
        "name": (158, 30), "valid_from": (188, 16), "valid_to": (204, 16), "birth": (220, 16),
        "card_version": (236, 4), "authority": (240, 8),
    },
    CardType.FOREIGN_PR_2023: {
        "name": (0, 30), "gender": (30, 2), "issue_count": (32, 4), "birth": (36, 16), "english_name": (52, 70),
        "id_number": (122, 36), "valid_from": (188, 16), "valid_to": (204, 16), "english_name_2": (220, 22),
        "nationality": (242, 6),
    },
}


@dataclass(frozen=True)
class IdRecord:
    card_type: CardType
    id_number: str
    name: str  # Chinese name (may be empty on a foreign PR card)
    english_name: str
    gender: str  # male / female / unknown / unstated
    gender_code: str
    birth: dt.date
    valid_from: dt.date
    valid_to: dt.date | None  # None: 长期 (no expiry)
    nation: str = ""  # resident cards only, decoded (e.g. 汉)
    nation_code: str = ""
    address: str = ""
    authority: str = ""  # issuing authority, or the office code on a 2017 foreign PR card
    nationality: str = ""  # ISO 3166 alpha-3, foreign PR cards
    pass_number: str = ""  # HMT permit: the travel pass number
    issue_count: str = ""
    card_version: str = ""
    photo_wlt: bytes = field(default=b"", repr=False)

    @property
    def long_term(self) -> bool:
        return self.valid_to is None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["card_type"] = self.card_type.value
        for key in ("birth", "valid_from"):
            out[key] = out[key].isoformat()
        out["valid_to"] = LONG_TERM if self.valid_to is None else self.valid_to.isoformat()
        out["photo_wlt"] = self.photo_wlt.hex()
        return out


def check_citizen_number(number: str, birth: dt.date | None = None, gender_code: str | None = None) -> None:
    """GB 11643: 17 digits + check character; birth date and gender (odd sequence = male) as on the card."""
    if len(number) != 18 or not _ascii_digits(number[:17]) or not (_ascii_digits(number[17]) or number[17] == "X"):
        raise RecordError(f"ID number must be 17 digits and a check digit or X, got {len(number)} characters")
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise RecordError(f"ID number check character is {number[17]}, the digits give {expected}")
    if birth is not None and number[6:14] != birth.strftime("%Y%m%d"):
        raise RecordError("ID number birth date does not match the card's birth date")
    if gender_code in ("1", "2"):
        numbered = "1" if int(number[16]) % 2 else "2"
        if numbered != gender_code:
            raise RecordError("ID number sequence (odd male, even female) does not match the card's gender")


def parse_text(text: bytes, photo: bytes = b"") -> IdRecord:
    if len(text) != TEXT_LEN:
        raise RecordError(f"text block must be {TEXT_LEN} bytes, got {len(text)}")
    try:
        mark = text[248:250].decode("utf-16-le")
    except UnicodeDecodeError:
        raise RecordError("card type character is not valid UCS-2") from None
    card_type = _TYPE_MARKS.get(mark)
    if card_type is None:
        raise RecordError(f"unknown card type mark {mark!r} at byte 248")
    raw = {key: _field(text, key, off, n) for key, (off, n) in _LAYOUTS[card_type].items()}
    gender_code = raw["gender"]
    if gender_code not in GENDERS:
        raise RecordError(f"gender code {gender_code!r} is not one of 0, 1, 2, 9")
    birth = _date(raw["birth"], "birth date")
    english = raw.get("english_name", "")
    if card_type is CardType.FOREIGN_PR_2023:
        english = (_field_raw(text, 52, 70) + _field_raw(text, 220, 22)).strip()
    nation_code = raw.get("nation", "")
    if card_type is CardType.RESIDENT and nation_code not in NATIONS:
        raise RecordError(f"nation code {nation_code!r} is not in GB/T 3304")
    record = IdRecord(
        card_type=card_type,
        id_number=raw["id_number"],
        name=raw["name"],
        english_name=english,
        gender=GENDERS[gender_code],
        gender_code=gender_code,
        birth=birth,
        valid_from=_date(raw["valid_from"], "valid-from date"),
        valid_to=None if raw["valid_to"] == LONG_TERM else _date(raw["valid_to"], "valid-to date"),
        nation=NATIONS.get(nation_code, ""),
        nation_code=nation_code,
        address=raw.get("address", ""),
        authority=raw.get("authority", ""),
        nationality=raw.get("nationality", ""),
        pass_number=raw.get("pass_number", ""),
        issue_count=raw.get("issue_count", ""),
        card_version=raw.get("card_version", ""),
        photo_wlt=bytes(photo),
    )
    _validate(record)
    return record


def _validate(record: IdRecord) -> None:
    if record.valid_to is not None and record.valid_to < record.valid_from:
        raise RecordError("valid-to date is before the valid-from date")
    if record.card_type is CardType.FOREIGN_PR_2017:
        letters, digits = record.id_number[:3], record.id_number[3:]
        if not (len(record.id_number) == 15 and letters.isascii() and letters.isalpha() and _ascii_digits(digits)):
            raise RecordError("2017 permanent-residence number must be 3 letters and 12 digits")
        return
    check_citizen_number(record.id_number, record.birth, record.gender_code)
    if record.card_type is CardType.HMT_PERMIT and record.id_number[:2] not in ("81", "82", "83"):
        raise RecordError("HK/Macau/Taiwan permit number must start with 81, 82 or 83")
    if record.card_type is CardType.FOREIGN_PR_2023 and not record.id_number.startswith("9"):
        raise RecordError("2023 permanent-residence number must start with 9")


def parse_base_message(data: bytes) -> IdRecord:
    """The data of a successful 'read base message' (30 01) or 'base + fingerprint' (30 10) answer:
    text length, photo length[, fingerprint length] (2 bytes each, big-endian), then the blocks."""
    if len(data) < 4:
        raise RecordError(f"base message too short: {len(data)} bytes")
    text_len, photo_len = int.from_bytes(data[0:2], "big"), int.from_bytes(data[2:4], "big")
    if text_len != TEXT_LEN or photo_len != PHOTO_LEN:
        raise RecordError(f"block lengths {text_len}/{photo_len}, expected {TEXT_LEN}/{PHOTO_LEN}")
    header = 4
    if len(data) != header + text_len + photo_len:
        header = 6  # base + fingerprint: a third length follows
        finger_len = int.from_bytes(data[4:6], "big") if len(data) >= 6 else -1
        if len(data) != header + text_len + photo_len + finger_len:
            raise RecordError(f"base message is {len(data)} bytes; the block lengths do not add up")
    text = data[header : header + text_len]
    return parse_text(text, data[header + text_len : header + text_len + photo_len])


def _ascii_digits(value: str) -> bool:
    """str.isdigit() also accepts '²' and other digits int() cannot read."""
    return value != "" and all("0" <= c <= "9" for c in value)


def _field_raw(text: bytes, offset: int, length: int) -> str:
    try:
        return text[offset : offset + length].decode("utf-16-le")
    except UnicodeDecodeError:
        raise RecordError(f"bytes {offset}..{offset + length} are not valid UCS-2") from None


def _field(text: bytes, key: str, offset: int, length: int) -> str:
    value = _field_raw(text, offset, length).rstrip(" \x00")
    if any(not ch.isprintable() for ch in value):
        raise RecordError(f"{key} contains control characters")
    return value


def _date(value: str, what: str) -> dt.date:
    if len(value) != 8 or not _ascii_digits(value):
        raise RecordError(f"{what} must be YYYYMMDD, got {len(value)} characters")
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise RecordError(f"{what} is not a calendar date") from None


def encode_text(card_type: CardType, fields: dict[str, str]) -> bytes:
    """A text block with `fields` placed per the layout (used by the simulator and tests)."""
    block = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))
    layout = dict(_LAYOUTS[card_type])
    if card_type is CardType.FOREIGN_PR_2023:
        layout["english_name_2"] = (220, 22)
    for key, value in fields.items():
        offset, length = layout[key]
        raw = value.encode("utf-16-le")
        if len(raw) > length:
            raise ValueError(f"{key} longer than {length} bytes")
        block[offset : offset + len(raw)] = raw
    mark = {v: k for k, v in _TYPE_MARKS.items() if k != "\x00"}[card_type]
    block[248:250] = mark.encode("utf-16-le")
    return bytes(block)
