"""A scanned code's claims can never raise: whatever a QR code carries (signed by the bureau or not,
any JSON, any nesting, any numbers), reading it ends in a taxpayer's message or a screen of fields,
never an exception the flow did not expect. Fuzzed with hypothesis."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.diag.access import check_card_offline
from kiosk.flow.engine import ActionError
from kiosk.flow.model import SCANNED
from kiosk.id_entry import id_number_problem
from kiosk.services.checks import (
    _certificate_rows,
    _certificate_verdict,
    _invoice_fields,
    check_certificate,
    check_invoice,
    read_invoice,
)
from taxcore.docpayload import b64, sign_with

KEY = Ed25519PrivateKey.generate()
PUBLIC = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-(10**400), max_value=10**400)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=12)
claim_keys = st.sampled_from(["k", "s", "n", "i", "t", "e", "v", "x"])
kinds = st.sampled_from(["invoice", "iit_certificate", "payment_voucher", "tech", "", "other"]) | json_values
claims = st.builds(lambda base, kind: {**base, "k": kind},
                   st.dictionaries(claim_keys, json_values, max_size=8), kinds)


def signed(claims: dict[str, Any]) -> str:
    return sign_with(KEY, claims)


raw_codes = (st.text(max_size=200)
             | st.binary(max_size=300).map(lambda body: b64(body) + "." + b64(KEY.sign(body)))
             | st.integers(1, 5000).map(lambda depth: b64(b"[" * depth) + "." + b64(b"\0" * 64))
             | claims.map(signed))
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(raw_codes)
def test_reading_an_invoice_code_ends_in_a_message_or_fields(code: str) -> None:
    try:
        invoice = read_invoice(None, {SCANNED: code})
    except ActionError:
        return
    assert all(isinstance(value, str) for _label, value in _invoice_fields(invoice["claims"]))


@FUZZ
@given(raw_codes, st.none() | json_values)
def test_checking_a_certificate_code_ends_in_a_verdict(code: str, bureau_answer: Any) -> None:
    def online(_payload: str) -> dict[str, Any]:
        return bureau_answer if isinstance(bureau_answer, dict) else {"genuine": bureau_answer}

    for key, reach in ((lambda: PUBLIC, None), (lambda: PUBLIC, online), (lambda: None, online)):
        try:
            result = check_certificate(key, reach, None, {SCANNED: code})
        except ActionError:
            continue
        context = {"certificate": result}
        assert _certificate_verdict(context)[0] in ("good", "bad")
        _certificate_rows(context)


@FUZZ
@given(claims, json_values)
def test_the_bureaus_invoice_answer_shows_whatever_claims_it_carries(scanned: dict[str, Any], answer: Any) -> None:
    try:
        invoice = read_invoice(None, {SCANNED: signed(scanned)})
    except ActionError:
        return
    reply = {"genuine": True, "kind": "invoice", "claims": answer}
    checked = check_invoice(lambda _path, _body: reply, {"invoice": invoice})
    _invoice_fields(checked["claims"] or invoice["claims"])


@FUZZ
@given(claims | st.dictionaries(claim_keys, json_values), st.floats(allow_nan=True) | st.integers())
def test_a_technician_card_is_judged_never_raises(card: dict[str, Any], now: float) -> None:
    verdict = check_card_offline(PUBLIC, signed({**card, "k": "tech"}), {"revoked-1"}, now=float(now)
                                 if isinstance(now, float) or abs(now) < 2**53 else 0.0)
    assert verdict.status in ("valid", "invalid", "expired", "revoked")


@FUZZ
@given(st.text(max_size=64) | raw_codes)
def test_an_identity_code_is_checked_never_raises(text: str) -> None:
    problem = id_number_problem(text.strip().upper())
    assert problem is None or problem.text()


def test_nan_or_endless_expiry_is_not_a_valid_card() -> None:
    for expiry in ("nan", "inf", 10**400):
        payload = sign_with(KEY, {"k": "tech", "s": "card-9", "n": "李工", "e": expiry})
        assert check_card_offline(PUBLIC, payload, set(), now=0.0).status == "invalid", expiry
