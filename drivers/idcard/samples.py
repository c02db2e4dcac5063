"""Sample cards of made-up people (taxcore/sample_people.py), as a reader sends them (for the simulator and tests)."""

from __future__ import annotations

from drivers.idcard.record import CardType, encode_text
from taxcore.sample_people import FOREIGN_2017, FOREIGN_2023, HMT, RESIDENT

PHOTO = b"WLf" + bytes(range(256)) * 3 + bytes(1024 - 3 - 768)


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
