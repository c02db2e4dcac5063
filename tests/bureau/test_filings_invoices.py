"""Fixed-quota filings that open their payment order, the quota for a period, and small-amount
invoices priced by the published rates, issued once their taxes are paid."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from bureau import rates


def filing(biz: dict[str, Any], filing_id: str = "F1", period: str = "2026-10", sales: int = 1) -> dict[str, Any]:
    return {
        "filing_id": filing_id,
        "hall_id": "H1",
        "id_number": biz["id_number"],
        "period": period,
        "sales_cents": sales,
    }


def quota(terminal: Any, number: str, period: str = "2026-10") -> Any:
    return terminal.get(f"/v1/filings/quota?id_number={number}&period={period}")


def test_quota_for_a_period(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    biz = seeded["biz"][0]
    terminal = identified(biz["id_number"])  # the business owner, verified at the terminal
    res = quota(terminal, biz["id_number"])
    assert res.status_code == 200, res.text
    q = res.json()
    assert (q["business"], q["monthly_sales_quota_cents"], q["monthly_tax_cents"]) == (
        biz["name"],
        biz["monthly_sales_quota_cents"],
        biz["monthly_tax_cents"],
    )
    assert q["filing"] is None and biz["id_number"] not in str(q)
    assert quota(terminal, biz["id_number"], "2026-13").status_code == 422
    unknown = "11010519491231002X"
    assert quota(identified(unknown), unknown).json()["error"]["code"] == "business_not_found"


def test_filing_that_owes_tax_opens_its_order_and_paying_it_shows(
    terminal: Any, identified: Any, seeded: dict[str, Any]
) -> None:
    biz = seeded["biz"][0]
    terminal = identified(biz["id_number"])  # the business owner, verified at the terminal
    res = terminal.post("/v1/filings", filing(biz))
    assert res.status_code == 200, res.text
    filed = res.json()
    assert filed["duplicate"] is False and filed["data"]["tax_cents"] == biz["monthly_tax_cents"]
    o = filed["order"]
    assert o["status"] == "pending" and o["total_cents"] == biz["monthly_tax_cents"]
    resent = terminal.post("/v1/filings", filing(biz)).json()  # the answer was lost: the same order
    assert resent["duplicate"] is True and resent["order"]["order_id"] == o["order_id"]
    assert quota(terminal, biz["id_number"]).json()["filing"] == {
        "filing_id": filed["data"]["filing_id"],  # the bureau's own id: "F1" is only this terminal's key
        "sales_cents": 1,
        "tax_cents": biz["monthly_tax_cents"],
        "order_id": o["order_id"],
        "paid": False,
        "pay_item": filed["pay_item"],
    }
    assert terminal.client.post(urlparse(o["pay_url"]).path).status_code == 200
    assert quota(terminal, biz["id_number"]).json()["filing"]["paid"] is True
    voucher = terminal.get(f"/v1/payments/orders/{o['order_id']}/voucher").json()
    assert voucher["body"]["items"][0]["kind"] == "fixed_quota"
    assert terminal.post("/v1/filings", filing(biz)).json()["order"]["status"] == "paid"


def test_sales_above_the_quota_pay_one_percent(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    biz = seeded["biz"][0]
    terminal = identified(biz["id_number"])  # the business owner, verified at the terminal
    sales = biz["monthly_sales_quota_cents"] * 3
    filed = terminal.post("/v1/filings", filing(biz, sales=sales)).json()
    assert filed["data"]["tax_cents"] == sales // 100 == filed["order"]["total_cents"]


def test_one_filing_per_business_and_period(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    biz = seeded["biz"][0]
    terminal = identified(biz["id_number"])  # the business owner, verified at the terminal
    terminal.post("/v1/filings", filing(biz))
    res = terminal.post("/v1/filings", filing(biz, filing_id="F2"))
    assert res.status_code == 409 and res.json()["error"]["code"] == "already_filed"
    assert terminal.post("/v1/filings", filing(biz, filing_id="F3", period="2026-11")).status_code == 200
    unknown = "11010519491231002X"
    nobody = identified(unknown).post("/v1/filings", {**filing(biz, "F4"), "id_number": unknown})
    assert nobody.status_code == 404 and nobody.json()["error"]["code"] == "business_not_found"


def invoice_quote(terminal: Any, seller: str, amounts: list[int]) -> Any:
    lines = [{"item": f"咨询服务{i}", "amount_cents": a} for i, a in enumerate(amounts)]
    return terminal.post("/v1/invoices/quote", {"seller_id_number": seller, "buyer_name": "某公司", "lines": lines})


def test_invoice_taxes_by_the_published_rates_paid_then_issued_once(
    terminal: Any, identified: Any, seeded: dict[str, Any]
) -> None:
    seller = seeded["taxpayers"][3]
    terminal = identified(seller["id_number"])
    res = invoice_quote(terminal, seller["id_number"], [60000, 41000])
    assert res.status_code == 200, res.text
    q = res.json()
    assert q["total_cents"] == 101000
    assert q["taxes"] == {"vat": 1000, "urban_construction": 35, "education": 15, "local_education": 10}
    assert q["tax_cents"] == 1060 and q["rates_version"] == rates.VERSION
    unpaid = terminal.post("/v1/invoices", {"quote_id": q["quote_id"]})
    assert unpaid.status_code == 409 and unpaid.json()["error"]["code"] == "taxes_unpaid"
    o = terminal.post(
        "/v1/payments/orders", {"order_key": "INV", "id_number": seller["id_number"], "items": [q["pay_item"]]}
    ).json()
    terminal.client.post(urlparse(o["pay_url"]).path)
    inv = terminal.post("/v1/invoices", {"quote_id": q["quote_id"]}).json()
    assert inv["kind"] == "invoice" and inv["body"]["total_cents"] == 101000
    assert inv["body"]["tax_order_id"] == o["order_id"] and len(inv["body"]["lines"]) == 2
    assert inv["body"]["taxpayer_name"] == seller["name"] and inv["body"]["buyer_name"] == "某公司"
    assert terminal.post("/v1/invoices", {"quote_id": q["quote_id"]}).json() == inv  # one invoice per payment
    check = terminal.post("/v1/documents/check", {"qr": inv["qr"]}).json()
    assert check["genuine"] is True and check["kind"] == "invoice" and check["claims"]["t"] == 101000


def test_invoice_tax_item_must_match_its_quote(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    seller, other = seeded["taxpayers"][3]["id_number"], seeded["taxpayers"][4]["id_number"]
    terminal = identified(seller)
    q = invoice_quote(terminal, seller, [50000]).json()
    for payer, item in ((seller, {**q["pay_item"], "amount_cents": 1}), (other, q["pay_item"])):
        res = identified(payer).post("/v1/payments/orders", {"order_key": f"K{payer}", "id_number": payer,
                                                             "items": [item]})
        assert res.status_code == 422 and res.json()["error"]["code"] == "item_not_payable"


def test_tax_free_tiny_invoice_needs_no_payment(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    terminal = identified(seeded["taxpayers"][3]["id_number"])
    q = invoice_quote(terminal, seeded["taxpayers"][3]["id_number"], [50]).json()
    assert q["tax_cents"] == 0 and q["pay_item"] is None
    assert terminal.post("/v1/invoices", {"quote_id": q["quote_id"]}).json()["body"]["total_cents"] == 50


def test_invoice_refusals(terminal: Any, identified: Any, seeded: dict[str, Any]) -> None:
    seller = seeded["taxpayers"][3]["id_number"]
    terminal = identified(seller)
    over = invoice_quote(terminal, seller, [600000, 400001])
    assert over.status_code == 422 and over.json()["error"]["code"] == "amount_over_limit"
    unknown = "11010519491231002X"
    assert invoice_quote(identified(unknown), unknown, [100]).json()["error"]["code"] == "taxpayer_not_found"
    someone_else = invoice_quote(terminal, seeded["taxpayers"][4]["id_number"], [100])  # not in one's own name
    assert someone_else.status_code == 403 and someone_else.json()["error"]["code"] == "not_this_taxpayer"
    assert invoice_quote(terminal, seller, []).status_code == 422
    res = terminal.post("/v1/invoices", {"quote_id": "IQ-none"})
    assert res.status_code == 404 and res.json()["error"]["code"] == "quote_not_found"


def test_a_refiled_month_gets_a_new_order_after_the_first_expired(
    terminal: Any, identified: Any, seeded: dict[str, Any], engine: Any
) -> None:
    from bureau import store
    from bureau.payments import PAYMENT_WINDOW_S

    biz = seeded["biz"][0]
    terminal = identified(biz["id_number"])  # the business owner, verified at the terminal
    first = terminal.post("/v1/filings", filing(biz)).json()["order"]
    o = store.orders
    with engine.begin() as conn:
        conn.execute(
            o.update().where(o.c.order_id == first["order_id"]).values(created_at=o.c.created_at - PAYMENT_WINDOW_S - 1)
        )
    again = terminal.post("/v1/filings", filing(biz)).json()
    assert again["duplicate"] is True and again["order"]["status"] == "pending"
    assert again["order"]["order_id"] != first["order_id"]
    assert terminal.post("/v1/filings", filing(biz)).json()["order"]["order_id"] == again["order"]["order_id"]
    assert terminal.client.post(urlparse(again["order"]["pay_url"]).path).status_code == 200
    assert quota(terminal, biz["id_number"]).json()["filing"]["paid"] is True


def batch(terminal: Any, *payloads: dict[str, Any], seq: int = 1) -> list[dict[str, Any]]:
    import uuid

    items = [{"id": str(uuid.uuid4()), "seq": seq + i, "kind": "filing", "created_at": "2026-11-01T10:00:00",
              "payload": p} for i, p in enumerate(payloads)]
    res = terminal.post("/v1/transactions/batch", {"terminal_id": terminal.terminal_id, "items": items})
    assert res.status_code == 200, res.text
    results: list[dict[str, Any]] = res.json()["results"]
    return results


def test_a_filing_made_offline_is_filed_when_its_outbox_row_arrives(
    terminal: Any, identified: Any, seeded: dict[str, Any], engine: Any
) -> None:
    from bureau import store

    biz = seeded["biz"][0]
    terminal = identified(biz["id_number"])  # the business owner, verified at the terminal
    [done] = batch(terminal, filing(biz, "OFF1"))
    assert done["status"] == "accepted"
    q = quota(terminal, biz["id_number"]).json()["filing"]
    assert q["tax_cents"] == biz["monthly_tax_cents"] and q["paid"] is False
    assert q["pay_item"] == {"kind": "fixed_quota", "description": "双定户定额税 2026-10",
                             "amount_cents": biz["monthly_tax_cents"], "ref": q["filing_id"]}  # any terminal pays it
    filed = terminal.post("/v1/filings", filing(biz, "OFF1")).json()  # this terminal sends it directly too
    assert filed["duplicate"] is True and filed["order"]["status"] == "pending"
    assert filed["pay_item"] == q["pay_item"] and filed["data"]["filing_id"] == q["filing_id"]
    twice, other, nobody = batch(terminal, filing(biz, "OFF1"), filing(biz, "OFF2"),
                                 {**filing(biz, "OFF3"), "id_number": "11010519491231002X"}, seq=2)
    assert twice["status"] == "accepted"  # a filing sent directly too is the same filing
    assert (other["status"], other["reason"]) == ("rejected", "already_filed")
    assert (nobody["status"], nobody["reason"]) == ("rejected", "business_not_found")
    with engine.connect() as conn:
        assert [r.filing_id for r in conn.execute(store.filings.select())] == [q["filing_id"]]
