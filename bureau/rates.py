"""Guangdong rate tables that the synthetic data and the kiosk's quotes use (served as content).

Vehicle and vessel tax: 广东省车船税税目税额表 (annual, yuan). Passenger cars by engine
displacement; buses per vehicle; trucks per tonne of curb weight; motorcycles per vehicle.
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
    }
