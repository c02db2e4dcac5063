"""Sample cards of made-up people with valid numbers, as a reader sends them (for the simulator and tests)."""

from __future__ import annotations

from drivers.idcard.record import CardType, encode_text
from taxcore.idnumber import check_digit

PHOTO = b"WLf" + bytes(range(256)) * 3 + bytes(1024 - 3 - 768)


def citizen_number(first17: str) -> str:
    return first17 + check_digit(first17)


RESIDENT = {
    "name": "张三", "gender": "1", "nation": "01", "birth": "19900307", "address": "北京市东城区示例路1号",
    "id_number": citizen_number("11010119900307123"), "authority": "北京市公安局东城分局",
    "valid_from": "20150101", "valid_to": "长期",
}
HMT = {
    "name": "陈美玲", "gender": "2", "birth": "19851120", "address": "广东省深圳市福田区示例街2号",
    "id_number": citizen_number("81000019851120002"), "authority": "深圳市公安局",
    "valid_from": "20200101", "valid_to": "20250101", "pass_number": "H12345678", "issue_count": "01",
}
FOREIGN_2017 = {
    "english_name": "SMITH, JOHN", "gender": "1", "id_number": "USA110090031201", "nationality": "USA",
    "name": "史密斯", "valid_from": "20170601", "valid_to": "20270601", "birth": "19800101",
    "card_version": "1", "authority": "1100",
}
FOREIGN_2023 = {
    "name": "玛丽", "gender": "2", "issue_count": "00", "birth": "19920215",
    "english_name": "MUELLER, MARIA ELISABETH ALEXANDRA ", "english_name_2": "VON LINDE",
    "id_number": citizen_number("93101119920215004"), "valid_from": "20230101", "valid_to": "20330101",
    "nationality": "DEU",
}
CARDS = {
    CardType.RESIDENT: RESIDENT,
    CardType.HMT_PERMIT: HMT,
    CardType.FOREIGN_PR_2017: FOREIGN_2017,
    CardType.FOREIGN_PR_2023: FOREIGN_2023,
}


def base_message(card_type: CardType, fields: dict[str, str] | None = None) -> bytes:
    """The data of a read-base answer: text length, photo length, text, photo."""
    text = encode_text(card_type, fields if fields is not None else CARDS[card_type])
    return (256).to_bytes(2, "big") + (1024).to_bytes(2, "big") + text + PHOTO
