"""What a taxpayer can pay: social insurance by type, year and level (own or another person's),
vehicle tax found by plate or VIN from the published table; paying records it once."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlparse

from bureau import rates
from bureau.seed import generate, vin_check_char


def due(terminal: Any, number: str, insurance: str, year: int = 2026, level: int | None = None) -> Any:
    query = f"id_number={number}&insurance={insurance}&year={year}" + (f"&level={level}" if level else "")
    return terminal.get(f"/v1/social-insurance/due?{query}")


def pay_order(terminal: Any, payer: str, key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    res = terminal.post("/v1/payments/orders", {"order_key": key, "id_number": payer, "items": items})
    assert res.status_code == 200, res.text
    o: dict[str, Any] = res.json()
    assert terminal.client.post(urlparse(o["pay_url"]).path).status_code == 200
    return o


def test_published_social_insurance_levels() -> None:
    flexible = rates.si_levels("flexible_pension", 2026)
    # 60 % of the 7,647 yuan average wage is the 4,588 yuan lower base; 20 % of it for 12 months
    assert flexible[0] == {"level": 1, "base_cents": 458800, "months": 12, "amount_cents": 458800 * 20 // 100 * 12}
    assert [lv["base_cents"] for lv in flexible] == [458800, 764700, 1147100, 1529400, 2294100]
    assert [lv["amount_cents"] // 100 for lv in rates.si_levels("resident_pension", 2026)][:3] == [180, 240, 360]
    assert rates.si_levels("resident_medical", 2026) == [
        {"level": 1, "base_cents": 0, "months": 12, "amount_cents": 40000}
    ]
    assert rates.si_levels("flexible_pension", 2019) == []
    published = rates.table()["social_insurance"]
    assert published["levels"]["resident_pension"]["2026"][9]["amount_cents"] == 480000  # type: ignore[index]


def test_social_insurance_due_for_oneself_and_another_person(
    terminal: Any, identified: Any, seeded: dict[str, Any]
) -> None:
    payer, other = seeded["taxpayers"][0], seeded["taxpayers"][1]
    res = due(identified(other["id_number"]), other["id_number"], "resident_pension")
    assert res.status_code == 200, res.text
    answer = res.json()
    assert answer["paid"] is False and len(answer["levels"]) == 10
    assert answer["insured_name_masked"].startswith(other["name"][0]) and other["id_number"] not in str(
        {k: v for k, v in answer.items() if k != "levels"}
    )
    level3 = due(identified(other["id_number"]), other["id_number"], "resident_pension", level=3).json()["levels"]
    assert [lv["amount_cents"] for lv in level3] == [36000]
    item = level3[0]["pay_item"]
    assert item == {
        "kind": "si",
        "description": f"城乡居民养老保险 2026 第3档 {other['id_number'][:3]}{'*' * 11}{other['id_number'][-4:]}",
        "amount_cents": 36000,
        "ref": level3[0]["ref"],
    }
    payer_number = payer["id_number"]
    o = pay_order(identified(payer_number), payer_number, "SI-1", [item])  # the payer pays for the other person
    voucher = terminal.get(f"/v1/payments/orders/{o['order_id']}/voucher").json()["body"]
    assert voucher["taxpayer_name"] == payer["name"] and voucher["items"][0]["description"] == item["description"]
    assert other["id_number"] not in str(voucher)
    after = due(identified(other["id_number"]), other["id_number"], "resident_pension").json()
    assert after["paid"] is True and after["paid_level"] == 3 and after["paid_order_id"] == o["order_id"]
    assert all(lv["pay_item"] is None for lv in after["levels"])
    assert due(identified(payer["id_number"]), payer["id_number"], "resident_pension").json()["paid"] is False
    again = identified(payer["id_number"]).post(
        "/v1/payments/orders", {"order_key": "SI-2", "id_number": payer["id_number"], "items": [item]}
    )
    assert again.status_code == 422 and again.json()["error"]["code"] == "item_not_payable"
    # the year shows in the insured person's records, lists and summary, twelve months of 30 yuan
    si = identified(other['id_number']).get(f"/v1/taxpayers/{other['id_number']}/si").json()["items"]
    paid = [r for r in si if r["insurance"] == "resident_pension"]
    assert [r["period"] for r in paid] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert sum(r["personal_cents"] for r in paid) == 36000
    summary = identified(other["id_number"]).post(
        "/v1/certificates", {"kind": "si_summary", "id_number": other["id_number"], "year": 2026}
    ).json()
    assert summary["body"]["summary"] == [
        {
            "insurance": "resident_pension",
            "months": 12,
            "from_period": "2026-01",
            "to_period": "2026-12",
            "personal_cents": 36000,
            "employer_cents": 0,
        }
    ]


def test_social_insurance_amount_must_be_the_levels(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][2]["id_number"]
    level = due(identified(number), number, "flexible_pension", level=2).json()["levels"][0]
    item = {
        "kind": "si",
        "description": "灵活就业养老",
        "amount_cents": level["amount_cents"] - 100,
        "ref": level["ref"],
    }
    res = identified(number).post("/v1/payments/orders", {"order_key": "F", "id_number": number, "items": [item]})
    assert res.status_code == 422 and res.json()["error"]["code"] == "item_not_payable"
    medical = due(identified(number), number, "resident_medical").json()["levels"]
    assert [lv["amount_cents"] for lv in medical] == [40000]


def test_social_insurance_due_refusals(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][0]["id_number"]
    assert due(identified(number), number, "resident_pension", level=11).json()["error"]["code"] == "invalid_level"
    res = due(identified(number), number, "resident_pension", year=2019)
    assert res.status_code == 404 and res.json()["error"]["code"] == "no_published_rates"
    unknown = "11010519491231002X"
    assert due(identified(unknown), unknown, "resident_pension").json()["error"]["code"] == "taxpayer_not_found"
    assert due(identified("123"), "123", "resident_pension").json()["error"]["code"] == "invalid_id_number"
    assert due(identified(number), number, "life_insurance").status_code == 422


def test_vehicle_by_plate_or_vin_with_the_table_tax(terminal: Any, seeded: dict[str, Any]) -> None:
    assert {v["category"] for v in seeded["vehicles"]} == {"passenger_car", "motorcycle"}
    for vehicle in seeded["vehicles"]:
        by_plate = terminal.get(f"/v1/vehicles?plate={quote(vehicle['plate'])}")
        assert by_plate.status_code == 200, by_plate.text
        found = by_plate.json()
        assert terminal.get(f"/v1/vehicles?vin={vehicle['vin']}").json() == found
        expected = rates.vehicle_tax_yuan(vehicle["category"], vehicle["displacement_l"])
        assert found["annual_tax_cents"] == expected * 100  # type: ignore[operator]
        assert found["years_due"] == list(range(vehicle["paid_through_year"] + 1, found["years_due"][-1] + 1))
        assert found["amount_due_cents"] == found["annual_tax_cents"] * len(found["years_due"])
        assert found["pay_item"]["ref"] == vehicle["plate"]
        assert found["owner_id_number_masked"] != vehicle["id_number"]


def test_vehicle_tax_is_paid_only_by_its_owner_for_the_years_due(
    terminal: Any, identified: Any, seeded: dict[str, Any]
) -> None:
    vehicle = seeded["vehicles"][0]
    found = terminal.get(f"/v1/vehicles?vin={vehicle['vin']}").json()
    stranger = next(t["id_number"] for t in seeded["taxpayers"] if t["id_number"] != vehicle["id_number"])
    res = identified(stranger).post("/v1/payments/orders",
                                    {"order_key": "V", "id_number": stranger, "items": [found["pay_item"]]})
    assert res.status_code == 422 and res.json()["error"]["code"] == "item_not_payable"
    too_many = [found["pay_item"]] * (len(found["years_due"]) + 1)
    owner = vehicle["id_number"]
    res = identified(owner).post("/v1/payments/orders", {"order_key": "V", "id_number": owner, "items": too_many})
    assert res.status_code == 422
    pay_order(identified(owner), owner, "V2", [found["pay_item"]] * len(found["years_due"]))
    after = terminal.get(f"/v1/vehicles?vin={vehicle['vin']}").json()
    assert after["years_due"] == [] and after["amount_due_cents"] == 0 and after["pay_item"] is None


def test_vehicle_lookup_refusals(terminal: Any, seeded: dict[str, Any]) -> None:
    assert terminal.get("/v1/vehicles").json()["error"]["code"] == "plate_or_vin"
    both = terminal.get(f"/v1/vehicles?plate=x&vin={seeded['vehicles'][0]['vin']}")
    assert both.status_code == 422
    res = terminal.get("/v1/vehicles?vin=LNOTAVEHICLE00000")
    assert res.status_code == 404 and res.json()["error"]["code"] == "vehicle_not_found"


def test_seeded_vins_are_well_formed() -> None:
    vins = [v["vin"] for v in generate(200, 5)["vehicles"]]
    assert len(set(vins)) == len(vins) and vins
    assert all(len(v) == 17 and not set(v) & set("IOQ") and vin_check_char(v) == v[8] for v in vins)


def test_arrears_listing_pays_and_disappears(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    owner = seeded["arrears"][0]["id_number"]
    mine = [d for d in seeded["arrears"] if d["id_number"] == owner]
    res = identified(owner).get(f"/v1/arrears?id_number={owner}")
    assert res.status_code == 200, res.text
    listed = res.json()
    assert [i["due_cents"] for i in listed["items"]] == [d["amount_cents"] + d["late_fee_cents"] for d in mine]
    assert listed["total_due_cents"] == sum(i["due_cents"] for i in listed["items"])
    pay_order(identified(owner), owner, "AR", [i["pay_item"] for i in listed["items"]])
    assert identified(owner).get(f"/v1/arrears?id_number={owner}").json() == {
        "id_number_masked": listed["id_number_masked"],
        "items": [],
        "total_due_cents": 0,
    }
    clean = next(
        t["id_number"] for t in seeded["taxpayers"] if t["id_number"] not in {d["id_number"] for d in seeded["arrears"]}
    )
    assert identified(clean).get(f"/v1/arrears?id_number={clean}").json()["items"] == []
    unknown = identified("11010519491231002X").get("/v1/arrears?id_number=11010519491231002X")
    assert unknown.json()["error"]["code"] == "taxpayer_not_found"


def test_vehicles_owned_by_a_taxpayer_each_with_one_item_per_year_due(
    terminal: Any, identified: Any, seeded: dict[str, Any]
) -> None:
    owner = seeded["vehicles"][0]["id_number"]
    theirs = sorted(v["plate"] for v in seeded["vehicles"] if v["id_number"] == owner)
    res = identified(owner).get(f"/v1/vehicles/owned?id_number={owner}")
    assert res.status_code == 200, res.text
    listed = res.json()
    assert [v["plate"] for v in listed["items"]] == theirs and owner not in res.text
    first = listed["items"][0]
    assert first == terminal.get(f"/v1/vehicles?plate={quote(first['plate'])}").json()
    years = first["years_due"]
    assert [i["description"] for i in first["pay_items"]] == [f"车船税 {y} {first['plate']}" for y in years]
    assert sum(i["amount_cents"] for i in first["pay_items"]) == first["amount_due_cents"]
    pay_order(identified(owner), owner, "OWN", first["pay_items"])
    after = identified(owner).get(f"/v1/vehicles/owned?id_number={owner}").json()["items"][0]
    assert after["years_due"] == [] and after["pay_items"] == []
    nobody = next(t["id_number"] for t in seeded["taxpayers"] if t["id_number"] not in
                  {v["id_number"] for v in seeded["vehicles"]})
    assert identified(nobody).get(f"/v1/vehicles/owned?id_number={nobody}").json()["items"] == []
    assert identified("11010519491231002X").get("/v1/vehicles/owned?id_number=11010519491231002X").status_code == 404
    assert identified("110105194912310021").get("/v1/vehicles/owned?id_number=110105194912310021").status_code == 422
