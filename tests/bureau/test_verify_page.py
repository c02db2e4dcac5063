"""The public verification page, in Debian's Chromium: what a phone shows after scanning a
document's QR, or after typing the 验证码 printed beside it. Without JavaScript, on a closed
network (the `new_page` fixture fails a test whose page reaches off the loopback)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import PageOpener
from fastapi.testclient import TestClient

from bureau import docsign, sessions, store
from bureau.app import create_app
from bureau.auth import add_terminal
from bureau.seed import generate, seed
from taxcore import doclink, signing
from taxcore.docpayload import b64, unb64
from taxcore.masking import mask_id, mask_name

YEAR = 2025


@pytest.fixture
def bureau(tmp_path: Path, live_server: Callable[[Any], str]) -> Iterator[dict[str, Any]]:
    """A seeded bureau served on the loopback (its public address), and one income-tax certificate it issued."""
    engine = store.open_engine(f"sqlite:///{tmp_path / 'bureau.sqlite3'}")
    seed(engine, count=20, seed_value=7)
    data = generate(20, 7)
    app = create_app(engine)
    app.state.public_url = live_server(app)
    key = bytes.fromhex(add_terminal(engine, "T-0001"))
    person = data["taxpayers"][1]
    raw = json.dumps({"kind": "iit_certificate", "id_number": person["id_number"], "year": YEAR}).encode()
    headers = signing.sign_headers("T-0001", key, "POST", "/v1/certificates", raw)
    headers["Content-Type"] = "application/json"
    with engine.begin() as conn:  # the person verified at the terminal (bureau.sessions)
        headers[sessions.HEADER], _ = sessions.open_session(conn, "T-0001", person["id_number"], None, "face")
    res = TestClient(app).post("/v1/certificates", content=raw, headers=headers)
    assert res.status_code == 200, res.text
    expected = sum(r["tax_cents"] for r in data["iit"] if r["id_number"] == person["id_number"])
    yield {"engine": engine, "url": app.state.public_url, "cert": res.json(), "person": person, "cents": expected}
    engine.dispose()


def _summary(page: Any) -> dict[str, str]:
    return {row.locator("th").inner_text(): row.locator("td").inner_text()
            for row in page.locator("#summary tr").all()}


def _yuan(cents: int) -> str:
    return f"¥{cents // 100:,}.{cents % 100:02d}"


def test_the_printed_qr_opens_a_page_saying_genuine_with_a_masked_summary(
        bureau: dict[str, Any], new_page: PageOpener) -> None:
    cert, person = bureau["cert"], bureau["person"]
    assert cert["qr"].startswith(bureau["url"] + "/v/")  # what a phone camera offers to open
    page = new_page(javascript=False)
    response = page.goto(cert["qr"])
    assert response is not None and response.status == 200
    verdict = page.locator("#verdict")
    assert "good" in (verdict.get_attribute("class") or "") and "真实有效" in verdict.inner_text()
    payload = doclink.payload_of(cert["qr"])
    assert _summary(page) == {
        "文书种类": "个人所得税完税证明",
        "文书编号": cert["serial"],
        "纳税人": mask_name(person["name"]),
        "证件号码": mask_id(person["id_number"]),
        "所属年度": f"{YEAR}年",
        "金额合计": _yuan(bureau["cents"]),
        "开具时间": _summary(page)["开具时间"],  # checked below against the issue time
        "验证码": doclink.spaced(doclink.verify_code(payload)),
    }
    assert _summary(page)["开具时间"].startswith(("2026-", "2027-"))
    text = page.content()
    assert person["name"] not in text and person["id_number"] not in text  # masked: anyone may open it


def test_a_forged_or_unknown_code_is_not_genuine_and_shows_nothing(
        bureau: dict[str, Any], new_page: PageOpener) -> None:
    cert = bureau["cert"]
    body, signature = doclink.payload_of(cert["qr"]).split(".")
    claims = json.loads(unb64(body))
    richer = b64(json.dumps(claims | {"t": claims["t"] * 10}).encode()) + "." + signature  # 10x the amount
    never_issued = docsign.sign_payload(bureau["engine"], claims | {"s": "20261201FFFFFFFFFFFF"})  # our key, no record
    page = new_page(javascript=False)
    for link, why in ((doclink.link(bureau["url"], richer), "签名无效"),
                      (doclink.link(bureau["url"], "not-a-document"), "签名无效"),
                      (doclink.link(bureau["url"], never_issued), "没有这份文书的开具记录")):
        page.goto(link)
        verdict = page.locator("#verdict")
        assert "bad" in (verdict.get_attribute("class") or "") and "未通过查验" in verdict.inner_text(), link
        assert why in verdict.inner_text()
        assert page.locator("#summary").count() == 0 and cert["serial"] not in page.content()


def test_a_typed_code_finds_the_document_and_a_wrong_one_says_so(
        bureau: dict[str, Any], new_page: PageOpener) -> None:
    cert = bureau["cert"]
    code = doclink.verify_code(doclink.payload_of(cert["qr"]))
    page = new_page(javascript=False)
    page.goto(doclink.site_of(cert["qr"]))  # the address printed beside the code
    assert page.locator("#verdict").count() == 0
    page.fill("#code", doclink.spaced(code))  # typed as printed, in groups of four
    page.click("button[type=submit]")
    assert "真实有效" in page.locator("#verdict").inner_text()
    assert _summary(page)["文书编号"] == cert["serial"] and _summary(page)["金额合计"] == _yuan(bureau["cents"])

    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)  # one digit mistyped
    with page.expect_navigation() as nav:
        page.fill("#code", wrong)
        page.click("button[type=submit]")
    assert nav.value.status == 404
    assert "查无此验证码" in page.locator("#verdict").inner_text() and page.locator("#summary").count() == 0
    assert page.locator("#code").input_value() == wrong  # kept, to correct it

    with page.expect_navigation() as nav:
        page.fill("#code", "1234 5678")
        page.click("button[type=submit]")
    assert nav.value.status == 400 and "16位数字" in page.locator("#verdict").inner_text()


def test_full_width_digits_typed_on_a_phone_are_read(bureau: dict[str, Any], new_page: PageOpener) -> None:
    code = doclink.verify_code(doclink.payload_of(bureau["cert"]["qr"]))
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code)  # what a Chinese input method in full-width mode types
    page = new_page(javascript=False)
    page.goto(doclink.site_of(bureau["cert"]["qr"]) + "?code=" + wide)
    assert "真实有效" in page.locator("#verdict").inner_text()


def test_the_api_docs_render_from_local_assets(bureau: dict[str, Any], new_page: PageOpener) -> None:
    """Swagger UI works in a hall with no internet: its scripts come from our server (the fixture fails
    on any request off the loopback)."""
    page = new_page()
    page.goto(bureau["url"] + "/docs")
    page.locator(".opblock-summary-path", has_text="/v1/documents/check").first.wait_for()
    page.locator(".opblock-summary-path", has_text="/v/{payload}").first.wait_for()
