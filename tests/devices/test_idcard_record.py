"""The 256-byte text block of each card type as a typed, validated record."""

from __future__ import annotations

import datetime as dt

import pytest

from drivers.idcard.record import CardType, RecordError, check_citizen_number, parse_base_message
from drivers.idcard.samples import CARDS, PHOTO, base_message
from taxcore.sample_people import RESIDENT


def test_resident_card() -> None:
    record = parse_base_message(base_message(CardType.RESIDENT))
    assert record.card_type is CardType.RESIDENT
    assert (record.name, record.gender, record.nation) == ("张三", "male", "汉")
    assert record.birth == dt.date(1990, 3, 7)
    assert record.valid_to is None and record.long_term
    assert record.to_json()["valid_to"] == "长期"
    assert record.address == "北京市东城区示例路1号"
    assert record.photo_wlt == PHOTO and record.photo_wlt[:3] == b"WLf"


def test_hmt_permit() -> None:
    record = parse_base_message(base_message(CardType.HMT_PERMIT))
    assert record.card_type is CardType.HMT_PERMIT
    assert (record.gender, record.pass_number, record.issue_count) == ("female", "H12345678", "01")
    assert record.valid_to == dt.date(2025, 1, 1)


def test_foreign_pr_2017() -> None:
    record = parse_base_message(base_message(CardType.FOREIGN_PR_2017))
    assert (record.english_name, record.name, record.nationality) == ("SMITH, JOHN", "史密斯", "USA")
    assert record.id_number == "USA110090031201" and record.birth == dt.date(1980, 1, 1)


def test_foreign_pr_2023_joins_the_two_english_name_parts() -> None:
    record = parse_base_message(base_message(CardType.FOREIGN_PR_2023))
    assert record.english_name == "MUELLER, MARIA ELISABETH ALEXANDRA VON LINDE"
    assert record.nationality == "DEU" and record.id_number.startswith("9")


def test_base_plus_fingerprint_answer() -> None:
    data = base_message(CardType.RESIDENT)
    with_fp = data[:4] + (1024).to_bytes(2, "big") + data[4:] + bytes(1024)
    assert parse_base_message(with_fp).name == "张三"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id_number": RESIDENT["id_number"][:17] + "0"}, "check character"),
        ({"birth": "19900308"}, "birth date does not match"),
        ({"gender": "2"}, "does not match the card's gender"),
        ({"gender": "5"}, "gender code '5'"),
        ({"nation": "77"}, "nation code '77'"),
        ({"valid_to": "20140101"}, "before the valid-from"),
        ({"birth": "19900230"}, "birth date is not a calendar date"),
    ],
)
def test_inconsistent_cards_are_refused(change: dict[str, str], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        parse_base_message(base_message(CardType.RESIDENT, {**RESIDENT, **change}))


def test_unknown_card_type_and_bad_lengths() -> None:
    data = bytearray(base_message(CardType.RESIDENT))
    data[4 + 248 : 4 + 250] = "Q".encode("utf-16-le")
    with pytest.raises(RecordError, match="unknown card type mark 'Q'"):
        parse_base_message(bytes(data))
    with pytest.raises(RecordError, match="do not add up"):
        parse_base_message(base_message(CardType.RESIDENT)[:-1])


def test_gb11643_examples() -> None:
    check_citizen_number("11010519491231002X")  # the standard's own example
    with pytest.raises(RecordError):
        check_citizen_number("110105194912310021")


def test_every_sample_parses() -> None:
    assert {parse_base_message(base_message(t)).card_type for t in CARDS} == set(CardType)
