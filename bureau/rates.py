"""Guangdong rate tables that the synthetic data and the kiosk's quotes use (served as content).

Vehicle and vessel tax: 广东省车船税税目税额表 (annual, yuan). Passenger cars by engine
displacement; buses per vehicle; trucks per tonne of curb weight; motorcycles per vehicle.

Small-amount invoices issued for a person or small-scale taxpayer (代开): value-added tax at the
reduced 1 % levy rate on the price excluding tax (财政部 税务总局公告 2023 年第 19 号), and the
surcharges on the VAT (urban maintenance and construction tax 7 % in a city district, education
surcharge 3 %, local education surcharge 2 %), halved for small-scale taxpayers (2023 年第 12 号).
"""

from __future__ import annotations

VERSION = "2026.1"

# (upper bound of displacement in litres, inclusive; annual tax in yuan)
PASSENGER_CAR_BY_DISPLACEMENT: list[tuple[float, int]] = [
    (1.0, 180),
    (1.6, 360),
    (2.0, 420),
    (2.5, 720),
    (3.0, 1800),
    (4.0, 3000),
    (99.0, 4500),
]
PER_VEHICLE_YUAN = {"medium_bus": 480, "large_bus": 510, "motorcycle": 120}
TRUCK_PER_TONNE_YUAN = 96


def passenger_car_tax_yuan(displacement_l: float) -> int:
    for upper, yuan in PASSENGER_CAR_BY_DISPLACEMENT:
        if displacement_l <= upper:
            return yuan
    return PASSENGER_CAR_BY_DISPLACEMENT[-1][1]


SMALL_INVOICE_VAT_PERCENT = 1
SURCHARGE_PERCENT = {"urban_construction": 7, "education": 3, "local_education": 2}
SURCHARGE_REDUCTION_PERCENT = 50


def small_invoice_taxes_cents(total_cents: int) -> dict[str, int]:
    """Taxes inside a tax-inclusive invoice total, in fen, each rounded half up as the bureau does."""
    vat = _half_up(total_cents * SMALL_INVOICE_VAT_PERCENT, 100 + SMALL_INVOICE_VAT_PERCENT)
    taxes = {"vat": vat}
    for name, percent in SURCHARGE_PERCENT.items():
        taxes[name] = _half_up(vat * percent * (100 - SURCHARGE_REDUCTION_PERCENT), 100 * 100)
    return taxes


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def table() -> dict[str, object]:
    """The rate tables as content."""
    return {
        "version": VERSION,
        "region": "广东省",
        "vehicle_vessel_tax": {
            "passenger_car_by_displacement_l": [
                {"up_to_l": upper, "annual_yuan": yuan} for upper, yuan in PASSENGER_CAR_BY_DISPLACEMENT
            ],
            "per_vehicle_yuan": PER_VEHICLE_YUAN,
            "truck_per_tonne_yuan": TRUCK_PER_TONNE_YUAN,
        },
        "small_invoice": {
            "vat_percent": SMALL_INVOICE_VAT_PERCENT,
            "surcharge_percent": SURCHARGE_PERCENT,
            "surcharge_reduction_percent": SURCHARGE_REDUCTION_PERCENT,
        },
    }
