"""The made-up holders of the sample ID cards, with valid numbers: one person per card type.

The simulated card reader carries their cards (drivers/idcard/samples.py) and the reference
bureau puts them on file as taxpayers (bureau/card_holders.py), so a card on the simulated
reader is someone the bureau knows. Fields are as the card stores them (GA 467 text, keyed as
in drivers/idcard/record.py); the keys of HOLDERS are the card types' values.
"""

from __future__ import annotations

from taxcore.idnumber import with_check_digit

RESIDENT = {
    "name": "张三", "gender": "1", "nation": "01", "birth": "19900307", "address": "北京市东城区示例路1号",
    "id_number": with_check_digit("11010119900307123"), "authority": "北京市公安局东城分局",
    "valid_from": "20150101", "valid_to": "长期",
}
HMT = {
    "name": "陈美玲", "gender": "2", "birth": "19851120", "address": "广东省深圳市福田区示例街2号",
    "id_number": with_check_digit("81000019851120002"), "authority": "深圳市公安局",
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
    "id_number": with_check_digit("93101119920215004"), "valid_from": "20230101", "valid_to": "20330101",
    "nationality": "DEU",
}
HOLDERS = {
    "resident": RESIDENT,
    "hmt_permit": HMT,
    "foreign_pr_2017": FOREIGN_2017,
    "foreign_pr_2023": FOREIGN_2023,
}
