"""Guangdong rate tables that the synthetic data and the kiosk's quotes use (served as content).

Vehicle and vessel tax: 广东省车船税税目税额表 (annual, yuan). Passenger cars by engine
displacement; buses per vehicle; trucks per tonne of curb weight; motorcycles per vehicle.

Small-amount invoices issued for a person or small-scale taxpayer (代开): value-added tax at the
reduced 1 % levy rate on the price excluding tax (财政部 税务总局公告 2023 年第 19 号), and the
surcharges on the VAT (urban maintenance and construction tax 7 % in a city district, education
surcharge 3 %, local education surcharge 2 %), halved for small-scale taxpayers (2023 年第 12 号).

Social insurance paid at a terminal by people without an employer, by year:
- flexible employees' basic pension (灵活就业人员养老保险): 20 % of a monthly base chosen
  between 60 % and 300 % of the province's average wage (the published lower and upper
  limits); the reference offers five levels (60/100/150/200/300 %), paid for twelve months;
- urban and rural residents' basic pension (城乡居民养老保险): one of the province's annual
  contribution levels (180 to 4,800 yuan);
- urban and rural residents' medical insurance (城乡居民医保): one annual personal amount.
The figures are the reference data set's, modelled on Guangdong's 2025 notices; a pilot checks
them against the current 粤人社 / 粤医保 publication.
"""

from __future__ import annotations

VERSION = "2026.2"

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


def vehicle_tax_yuan(category: str, displacement_l: float | None) -> int | None:
    """Annual tax of a vehicle by the table, or None for a class taxed by weight (trucks)."""
    if category == "passenger_car":
        return passenger_car_tax_yuan(displacement_l or 0.0)
    return PER_VEHICLE_YUAN.get(category)


# year -> (average monthly wage, lower and upper monthly contribution base), yuan
SI_BASE_YUAN: dict[int, tuple[int, int, int]] = {
    2025: (7647, 4588, 22941),
    2026: (7647, 4588, 22941),
}
FLEXIBLE_PENSION_PERCENT = 20
FLEXIBLE_LEVEL_PERCENT_OF_AVERAGE = [60, 100, 150, 200, 300]
RESIDENT_PENSION_LEVELS_YUAN = [180, 240, 360, 600, 900, 1200, 1800, 2400, 3600, 4800]
RESIDENT_MEDICAL_YUAN = {2025: 400, 2026: 400}
SI_NAMES = {
    "flexible_pension": "灵活就业人员养老保险",
    "resident_pension": "城乡居民养老保险",
    "resident_medical": "城乡居民医疗保险",
}
SI_INSURANCES = tuple(SI_NAMES)


def si_levels(insurance: str, year: int) -> list[dict[str, int]]:
    """The levels a person may choose for `insurance` in `year`: level number, base and amount.

    Empty when the year's figures are not published (yet)."""
    if insurance == "flexible_pension" and year in SI_BASE_YUAN:
        average, lower, upper = SI_BASE_YUAN[year]
        out = []
        for level, percent in enumerate(FLEXIBLE_LEVEL_PERCENT_OF_AVERAGE, start=1):
            base = min(max(_half_up(average * percent, 100), lower), upper)
            monthly = _half_up(base * 100 * FLEXIBLE_PENSION_PERCENT, 100)
            out.append({"level": level, "base_cents": base * 100, "months": 12, "amount_cents": monthly * 12})
        return out
    if insurance == "resident_pension" and year in SI_BASE_YUAN:
        return [
            {"level": level, "base_cents": 0, "months": 12, "amount_cents": yuan * 100}
            for level, yuan in enumerate(RESIDENT_PENSION_LEVELS_YUAN, start=1)
        ]
    if insurance == "resident_medical" and year in RESIDENT_MEDICAL_YUAN:
        return [{"level": 1, "base_cents": 0, "months": 12, "amount_cents": RESIDENT_MEDICAL_YUAN[year] * 100}]
    return []


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
        "social_insurance": {
            "contribution_base_yuan": {
                str(year): {"average_wage": avg, "lower": lo, "upper": up}
                for year, (avg, lo, up) in SI_BASE_YUAN.items()
            },
            "flexible_pension_percent": FLEXIBLE_PENSION_PERCENT,
            "levels": {
                insurance: {str(year): si_levels(insurance, year) for year in sorted(SI_BASE_YUAN)}
                for insurance in SI_INSURANCES
            },
        },
        "small_invoice": {
            "vat_percent": SMALL_INVOICE_VAT_PERCENT,
            "surcharge_percent": SURCHARGE_PERCENT,
            "surcharge_reduction_percent": SURCHARGE_REDUCTION_PERCENT,
        },
    }
