"""Bureau records the paying services need for the sample card holder (tests and screenshots)."""

from __future__ import annotations

from typing import Any

from service_rig import SeededBureau

from bureau import rates, store
from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS

NUMBER = CARDS[CardType.RESIDENT]["id_number"]
OTHER = CARDS[CardType.HMT_PERMIT]["id_number"]  # another person on file, paid for by the card holder
PLATE, VIN = "粤A12345", "LSVAU218XN2183294"


def owns_car(bureau: SeededBureau, paid_through: int, plate: str = PLATE, vin: str = VIN,
             displacement: float = 1.8) -> dict[str, Any]:
    row = {"id_number": NUMBER, "plate": plate, "vin": vin, "category": "passenger_car",
           "displacement_l": displacement, "paid_through_year": paid_through,
           "annual_tax_cents": (rates.vehicle_tax_yuan("passenger_car", displacement) or 0) * 100}
    with bureau.engine.begin() as conn:
        conn.execute(store.vehicles.insert().values(**row))
    return row


def runs_business(bureau: SeededBureau, tax_cents: int, quota_cents: int = 1_500_000) -> None:
    with bureau.engine.begin() as conn:
        conn.execute(store.businesses.insert().values(
            id_number=NUMBER, name="张记餐饮店", industry="餐饮", monthly_sales_quota_cents=quota_cents,
            monthly_tax_cents=tax_cents))


def fresh_dues(bureau: SeededBureau) -> None:
    """Each walk of the screenshots pays again: a car two years behind, a business with a quota tax,
    this year's insurance unpaid (what an earlier walk paid is undone)."""
    v, f, s = store.vehicles, store.filings, store.si_payments
    with bureau.engine.begin() as conn:
        conn.execute(v.delete().where(v.c.id_number == NUMBER))
        conn.execute(f.delete().where(f.c.id_number == NUMBER))
        conn.execute(s.delete().where(s.c.id_number.in_([NUMBER, OTHER])))
        conn.execute(store.businesses.delete().where(store.businesses.c.id_number == NUMBER))
    owns_car(bureau, 2024)
    runs_business(bureau, 15_000)
