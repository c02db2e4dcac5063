"""Seeded data, identity verification, taxpayer queries, signed certificates and their checks."""

from __future__ import annotations

import base64
from typing import Any

from bureau import rates
from bureau.seed import generate
from taxcore import doclink, docpayload, idnumber

FACE = base64.b64encode(b"\xff\xd8" + b"\x10" * 2000).decode()


def test_seed_is_deterministic_and_ids_are_valid() -> None:
    a, b = generate(50, 3), generate(50, 3)
    assert a == b
    assert generate(50, 4)["taxpayers"] != a["taxpayers"]
    assert all(idnumber.is_valid(t["id_number"]) for t in a["taxpayers"])
    for v in a["vehicles"]:
        assert v["annual_tax_cents"] == rates.vehicle_tax_yuan(v["category"], v["displacement_l"]) * 100  # type: ignore[operator]


def test_guangdong_passenger_car_rates() -> None:
    assert [rates.passenger_car_tax_yuan(x) for x in (1.0, 1.5, 2.0, 2.4, 3.0, 3.5, 5.0)] == [
        180,
        360,
        420,
        720,
        1800,
        3000,
        4500,
    ]


def test_identity_policy(terminal: Any, seeded: dict[str, Any]) -> None:
    person = seeded["taxpayers"][0]
    ok = {"id_number": person["id_number"], "name": person["name"], "face_jpeg_b64": FACE}

    def verify(**over: Any) -> dict[str, Any]:
        res = terminal.post("/v1/identity/verify", {**ok, **over})
        assert res.status_code == 200, res.text
        return dict(res.json())

    assert verify()["verified"] is True
    assert verify(name="王五")["reason"] == "name_mismatch"
    assert verify(face_jpeg_b64="")["reason"] == "no_face_capture"
    gif = base64.b64encode(b"GIF89a" + b"0" * 2000).decode()
    assert verify(face_jpeg_b64=gif)["reason"] == "no_face_capture"
    bad = person["id_number"][:17] + ("0" if person["id_number"][17] != "0" else "1")
    assert verify(id_number=bad)["reason"] == "invalid_id_number"
    assert verify(id_number="11010519491231002X")["reason"] == "not_registered"
    assert person["id_number"] not in str(verify())


def test_taxpayer_queries(identified: Any, seeded: dict[str, Any]) -> None:
    person = seeded["taxpayers"][0]
    terminal = identified(person["id_number"])
    summary = terminal.get(f"/v1/taxpayers/{person['id_number']}").json()
    assert summary["taxpayer"]["name"] == person["name"]
    assert summary["records"]["iit"] == 12
    iit = terminal.get(f"/v1/taxpayers/{person['id_number']}/iit").json()["items"]
    assert [r["period"] for r in iit] == [f"2025-{m:02d}" for m in range(1, 13)]
    mine = [v["plate"] for v in seeded["vehicles"] if v["id_number"] == person["id_number"]]
    got = terminal.get(f"/v1/taxpayers/{person['id_number']}/vehicles").json()["items"]
    assert [v["plate"] for v in got] == mine


def test_taxpayer_query_refusals(identified: Any, seeded: dict[str, Any]) -> None:
    terminal = identified("11010519491231002X")  # verified, but not on file
    assert terminal.get("/v1/taxpayers/123").json()["error"]["code"] == "invalid_id_number"
    res = terminal.get("/v1/taxpayers/11010519491231002X")
    assert res.status_code == 404 and res.json()["error"]["code"] == "taxpayer_not_found"
    terminal = identified(seeded["taxpayers"][0]["id_number"])
    res = terminal.get(f"/v1/taxpayers/{seeded['taxpayers'][0]['id_number']}/secrets")
    assert res.status_code == 422


def test_certificate_is_signed_and_checkable_offline(identified: Any, seeded: dict[str, Any]) -> None:
    person = seeded["taxpayers"][1]
    terminal = identified(person["id_number"])
    res = terminal.post("/v1/certificates", {"kind": "iit_certificate", "id_number": person["id_number"], "year": 2025})
    assert res.status_code == 200, res.text
    cert = res.json()
    expected = sum(r["tax_cents"] for r in seeded["iit"] if r["id_number"] == person["id_number"])
    assert cert["body"]["total_cents"] == expected and len(cert["body"]["lines"]) == 12
    public = terminal.get("/v1/content/public_key").json()["data"]["public_key_hex"]
    assert cert["qr"].startswith("http://testserver/v/")  # the public page's address (the request's, unconfigured)
    payload = doclink.payload_of(cert["qr"])
    claims = docpayload.verify_payload(public, payload)
    assert claims is not None and claims["s"] == cert["serial"] and claims["t"] == expected
    body, sig = payload.split(".")
    assert docpayload.verify_payload(public, body[:-2] + "AA." + sig) is None
    for scanned in (cert["qr"], payload):  # as printed now, and as printed before (the bare payload)
        check = terminal.post("/v1/documents/check", {"qr": scanned}).json()
        assert check["genuine"] is True and check["kind"] == "iit_certificate"
    assert terminal.post("/v1/documents/check", {"qr": "x.y"}).json()["genuine"] is False
    other_link = "https://elsewhere.example/x/" + payload  # not a verification address
    assert terminal.post("/v1/documents/check", {"qr": other_link}).json()["genuine"] is False


def test_si_list_and_empty_year(identified: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][2]["id_number"]
    terminal = identified(number)
    res = terminal.post("/v1/certificates", {"kind": "si_payment_list", "id_number": number, "year": 2025})
    assert res.status_code == 200 and len(res.json()["body"]["lines"]) == 36
    res = terminal.post("/v1/certificates", {"kind": "si_payment_list", "id_number": number, "year": 2019})
    assert res.status_code == 404 and res.json()["error"]["code"] == "no_records"


def test_small_invoice_taxes_follow_the_published_rates() -> None:
    # 1,010.00 yuan including 1 % VAT: 10.00 VAT; surcharges 12 % of it, halved: 0.35 + 0.15 + 0.10
    assert rates.small_invoice_taxes_cents(101000) == {
        "vat": 1000,
        "urban_construction": 35,
        "education": 15,
        "local_education": 10,
    }
    assert rates.small_invoice_taxes_cents(100) == {  # 1.00 yuan: 0.0099 VAT rounds to 0.01
        "vat": 1,
        "urban_construction": 0,
        "education": 0,
        "local_education": 0,
    }
    published = rates.table()["small_invoice"]
    assert published == {
        "vat_percent": 1,
        "surcharge_percent": {"urban_construction": 7, "education": 3, "local_education": 2},
        "surcharge_reduction_percent": 50,
    }


def test_si_summary_sums_each_insurance_over_the_year(identified: Any, seeded: dict[str, Any]) -> None:
    number = seeded["taxpayers"][2]["id_number"]
    terminal = identified(number)
    res = terminal.post("/v1/certificates", {"kind": "si_summary", "id_number": number, "year": 2025})
    assert res.status_code == 200, res.text
    body = res.json()["body"]
    mine = [r for r in seeded["si"] if r["id_number"] == number]
    assert [line["insurance"] for line in body["summary"]] == ["pension", "medical", "unemployment"]
    for line in body["summary"]:
        rows = [r for r in mine if r["insurance"] == line["insurance"]]
        assert line["months"] == 12 and (line["from_period"], line["to_period"]) == ("2025-01", "2025-12")
        assert line["personal_cents"] == sum(r["personal_cents"] for r in rows)
        assert line["employer_cents"] == sum(r["employer_cents"] for r in rows)
    assert body["total_cents"] == sum(r["personal_cents"] for r in mine)
    assert body["employer_total_cents"] == sum(r["employer_cents"] for r in mine)
    check = terminal.post("/v1/documents/check", {"qr": res.json()["qr"]}).json()
    assert check["genuine"] is True and check["kind"] == "si_summary"
