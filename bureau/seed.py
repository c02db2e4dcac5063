"""`bureau seed`: a deterministic synthetic data set so every kiosk service has data to show.

The same `--seed` always yields the same taxpayers (valid GB 11643 ID numbers registered in
Guangdong districts) with their income-tax records, social-insurance contributions, arrears,
vehicles (taxed by Guangdong's table) and fixed-quota businesses.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from bureau import rates, store
from taxcore import idnumber

AREAS = ["440103", "440104", "440106", "440305", "440604", "441302", "440402", "440703"]
SURNAMES = "陈李黄张梁林刘吴罗何郑杨冯朱钟"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
EMPLOYERS = ["广州市越秀区示例科技有限公司", "深圳市南山区样例电子有限公司", "佛山市禅城区演示陶瓷有限公司"]
INDUSTRIES = [("餐饮", 1_500_000), ("零售", 2_000_000), ("美容美发", 1_000_000), ("维修", 800_000)]
SI_KINDS = [("pension", 0.08, 0.14), ("medical", 0.02, 0.055), ("unemployment", 0.002, 0.008)]


DISPLACEMENTS = [0.9, 1.4, 1.5, 1.8, 2.0, 2.4, 3.0, 3.5, 4.4]
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O, Q
_VIN_VALUE = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin_check_char(vin: str) -> str:
    """The 9th character of a VIN (GB 16735 / ISO 3779 check digit)."""
    total = sum(_VIN_VALUE[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    return "X" if total % 11 == 10 else str(total % 11)


def make_vin(rng: random.Random) -> str:
    """A well-formed VIN of a Chinese-made vehicle (WMI starting with L)."""
    raw = "L" + "".join(rng.choice(VIN_CHARS) for _ in range(16))
    return raw[:8] + vin_check_char(raw[:8] + "0" + raw[9:]) + raw[9:]


def make_id_number(rng: random.Random) -> tuple[str, str, str]:
    """(ID number, gender M/F, birth date ISO)."""
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    serial = rng.randrange(0, 1000)
    first17 = f"{rng.choice(AREAS)}{born:%Y%m%d}{serial:03d}"
    return idnumber.with_check_digit(first17), ("M" if serial % 2 else "F"), born.isoformat()


def generate(count: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in ("taxpayers", "iit", "si", "arrears", "vehicles", "biz")}
    seen: set[str] = set()
    plates: set[str] = set()
    while len(out["taxpayers"]) < count:
        number, gender, born = make_id_number(rng)
        if number in seen:
            continue
        seen.add(number)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        out["taxpayers"].append(dict(id_number=number, name=name, gender=gender, birth_date=born))
        salary = rng.randrange(5_000, 40_000) * 100
        employer = rng.choice(EMPLOYERS)
        paper = random.Random(f"{seed}-{number}")  # dates and voucher numbers: the main sequence stays as it was
        for month in range(1, 13):
            period = f"2025-{month:02d}"
            taxable = max(0, salary - 500_000)
            declared = date(2025 + month // 12, month % 12 + 1, paper.randrange(1, 16))  # withheld, declared next month
            out["iit"].append(
                dict(
                    id_number=number,
                    period=period,
                    withholding_agent=employer,
                    income_item="工资薪金",
                    income_cents=salary,
                    tax_cents=taxable * 3 // 100,
                    voucher_no=f"344{declared:%y%m}{paper.randrange(10**11):011d}",
                    declared_on=declared.isoformat(),
                    paid_on=(declared + timedelta(days=paper.randrange(0, 3))).isoformat(),
                )
            )
            paid_on = date(2025, month, paper.randrange(10, 26)).isoformat()  # social insurance: in the month
            base = min(max(salary, 480_000), 2_600_000)
            for kind, personal, employer_rate in SI_KINDS:
                out["si"].append(
                    dict(
                        id_number=number,
                        period=period,
                        insurance=kind,
                        base_cents=base,
                        personal_cents=round(base * personal),
                        employer_cents=round(base * employer_rate),
                        paid_on=paid_on,
                    )
                )
        if rng.random() < 0.3:
            out["arrears"].append(
                dict(
                    id_number=number,
                    tax_kind=rng.choice(["房产税", "城镇土地使用税", "印花税"]),
                    period="2025-06",
                    amount_cents=rng.randrange(50, 3000) * 100,
                    late_fee_cents=rng.randrange(0, 500) * 10,
                )
            )
        if rng.random() < 0.5:
            _add_vehicle(out["vehicles"], plates, number, rng)
        if rng.random() < 0.15:
            industry, quota = rng.choice(INDUSTRIES)
            out["biz"].append(
                dict(
                    id_number=number,
                    name=f"{name[0]}记{industry}店",
                    industry=industry,
                    monthly_sales_quota_cents=quota,
                    monthly_tax_cents=quota // 100,
                )
            )
    return out


def _add_vehicle(vehicles: list[dict[str, Any]], plates: set[str], number: str, rng: random.Random) -> None:
    motorcycle = rng.random() < 0.15
    displacement = rng.choice([0.125, 0.15]) if motorcycle else rng.choice(DISPLACEMENTS)
    category = "motorcycle" if motorcycle else "passenger_car"
    plate = f"粤{rng.choice('ABCDEFG')}{rng.randrange(10000, 99999)}"
    if plate in plates:
        return
    plates.add(plate)
    vehicles.append(
        dict(
            id_number=number,
            plate=plate,
            vin=make_vin(rng),
            category=category,
            displacement_l=displacement,
            annual_tax_cents=(rates.vehicle_tax_yuan(category, displacement) or 0) * 100,
            paid_through_year=rng.choice([2024, 2025]),
        )
    )


def seed(engine: Engine, count: int = 200, seed_value: int = 11643) -> dict[str, int]:
    """Replace the synthetic data with a fresh deterministic set; returns row counts."""
    data = generate(count, seed_value)
    tables = [
        ("iit", store.iit_records),
        ("si", store.si_contributions),
        ("arrears", store.arrears),
        ("vehicles", store.vehicles),
        ("biz", store.businesses),
    ]
    with engine.begin() as conn:
        for _, table in tables:
            conn.execute(table.delete())
        conn.execute(store.taxpayers.delete())
        conn.execute(store.taxpayers.insert(), data["taxpayers"])
        for key, table in tables:
            if data[key]:
                conn.execute(table.insert(), data[key])
    return {key: len(rows) for key, rows in data.items()}
