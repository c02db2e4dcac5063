"""The service fixtures themselves: the kiosk links to the seeded bureau, card holders are on file."""

from __future__ import annotations

from service_rig import SERVICE_TERMINAL, SeededBureau

from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from kiosk.link import LinkState


def test_the_kiosk_reaches_the_seeded_bureau_with_its_own_key(service_kiosk, seeded_bureau: SeededBureau) -> None:  # type: ignore[no-untyped-def]
    assert service_kiosk.link.state == LinkState.UP
    assert service_kiosk.config.terminal.id == SERVICE_TERMINAL
    number = CARDS[CardType.RESIDENT]["id_number"]
    answer = service_kiosk.bureau.post("/v1/identity/lookup", {"id_number": number})  # before any face: masked
    assert answer == {"id_number_masked": "110***********1233", "name_masked": "张*"}
