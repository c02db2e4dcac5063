"""A document's QR and 验证码 (taxcore/doclink.py): what a phone opens, what a terminal checks, what a person types."""

from __future__ import annotations

from taxcore import doclink

PAYLOAD = "eyJrIjoiaWl0X2NlcnRpZmljYXRlIn0.c2lnbmF0dXJl"


def test_the_qr_is_the_public_page_carrying_the_payload_and_both_forms_are_read() -> None:
    qr = doclink.link("https://etax.example.gov.cn/", PAYLOAD)
    assert qr == "https://etax.example.gov.cn/v/" + PAYLOAD
    assert doclink.payload_of(qr) == PAYLOAD
    assert doclink.payload_of(" " + PAYLOAD + "\r\n") == PAYLOAD  # printed before: the bare payload
    assert doclink.payload_of(doclink.link("https://gd.example/etax", PAYLOAD)) == PAYLOAD  # a bureau under a path
    assert doclink.site_of(qr) == "https://etax.example.gov.cn/v"
    assert doclink.site_of(PAYLOAD) == ""


def test_other_web_addresses_are_no_document() -> None:
    for other in ("https://example.com/", "https://example.com/pay/" + PAYLOAD, "https://example.com/v/",
                  "https://example.com/v/" + PAYLOAD + "?next=x", "https://example.com/dev/" + PAYLOAD):
        assert doclink.payload_of(other) == "", other
        assert doclink.site_of(other) == "", other


def test_the_code_is_sixteen_digits_from_the_payload_and_typing_is_forgiving() -> None:
    code = doclink.verify_code(PAYLOAD)
    assert len(code) == 16 and code.isdigit()
    assert doclink.verify_code(PAYLOAD[:-1] + "X") != code  # another payload, another code
    assert doclink.code_of(doclink.link("https://a.example", PAYLOAD)) == doclink.spaced(code)
    spaced = doclink.spaced(code)
    assert spaced.count(" ") == 3 and spaced.replace(" ", "") == code
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code)  # full-width digits from a Chinese input method
    for typed in (code, spaced, code[:4] + "-" + code[4:], wide, " " + spaced + "\u3000"):
        assert doclink.typed_code(typed) == code, typed
    for wrong in ("", code[:-1], code + "1", code[:-1] + "a", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦"):  # the last: Arabic-Indic digits
        assert doclink.typed_code(wrong) is None, wrong
