"""发票查验 and 税收证明真伪查验: a scanned QR code, read, checked and explained in plain words.

Invoices and certificates carry the bureau's Ed25519-signed payload (taxcore/docpayload.py).
A certificate is checked offline with the bureau's public key, which the terminal keeps from
its content downloads, and against the bureau's records as well when the link is up. An invoice
is checked by the bureau (it alone knows whether the invoice was really issued); its fields are
shown first so the taxpayer can compare them with the paper.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.flow.engine import ActionError
from kiosk.flow.model import NO_LABEL, ServiceFlow, Step, StepKind, Text, scan_step
from kiosk.messages import Message
from kiosk.services.check_codes import CERTIFICATE_CODE, INVOICE_CODE, Finder, code_to_check
from taxcore import doclink
from taxcore.docpayload import read_claims, split_payload, verify_payload
from taxcore.money import yuan

log = logging.getLogger(__name__)

READ_INVOICE = "invoice.read"
CHECK_INVOICE = "invoice.check"
CHECK_CERTIFICATE = "certificate.check"
CHECK_PATH = "/v1/documents/check"
INVOICE = "invoice"
OTHER_SIGNED_KINDS = frozenset({"tech"})  # technician cards: signed too, but no document
CERTIFICATE_KINDS = {
    "iit_certificate": Text("个人所得税完税证明", "Income tax payment certificate"),
    "tax_record_list": Text("个人所得税纳税清单", "Income tax record list"),
    "si_payment_list": Text("社保费缴费清单", "Social insurance payment list"),
    "si_summary": Text("社保费汇总清单", "Social insurance summary"),
    "payment_voucher": Text("缴款凭证", "Payment voucher"),
}
NOT_OURS = Message(QT_TRANSLATE_NOOP(
    "Messages", "This code is not one the tax bureau issues on its documents. Please scan the QR code printed on "
                "the document itself; it usually sits in a corner of the page."))
INVOICE_NOT_CERTIFICATE = Message(QT_TRANSLATE_NOOP(
    "Messages", "This is the QR code of an invoice, not of a tax certificate. To check it, go back to the services "
                "and choose \"Check an invoice\"."))
CERTIFICATE_NOT_INVOICE = Message(QT_TRANSLATE_NOOP(
    "Messages", "This is the QR code of a tax certificate, not of an invoice. To check it, go back to the services "
                "and choose \"Verify a tax certificate\"."))
INVOICE_DAMAGED = Message(QT_TRANSLATE_NOOP(
    "Messages", "This code cannot be read as an invoice: it is damaged or has been altered. Do not accept the "
                "invoice without checking with the seller, or ask at the service counter."))
NO_KEY_YET = Message(QT_TRANSLATE_NOOP(
    "Messages", "This terminal cannot check certificates yet: it has not received the tax bureau's checking key. "
                "Please try again once the terminal is connected, or ask at the service counter."))

SCAN_ANOTHER = Text("点击“上一步”可以扫描另一张证明。", "Tap \"Back\" to scan another certificate.")

# What the bureau's check and the offline signature check concluded.
GENUINE, FORGED, NOT_ON_RECORD = "genuine", "forged", "not_on_record"
CONFIRMED, UNAVAILABLE = "confirmed", "unavailable"


def read_code(scanned: str) -> tuple[str, str | None, dict[str, Any] | None]:
    """(payload, kind, claims) of a signed document code (its verification address or the bare payload),
    claims None when its body is no longer readable.

    Raises the taxpayer's message when the code is not a signed document code at all (any other
    QR: another web link, a tax-app identity code, a smudge).
    """
    payload = doclink.payload_of(scanned)
    try:
        body, _signature = split_payload(payload)
    except ValueError:
        log.info("scanned code is not a signed document code")
        raise ActionError(NOT_OURS, retry=False) from None
    claims = read_claims(body)
    kind = claims.get("k") if claims else None
    return payload, (kind if isinstance(kind, str) else None), claims


def _when(claims: Mapping[str, Any]) -> str:
    issued = claims.get("i")
    try:
        return datetime.datetime.fromtimestamp(issued).strftime("%Y-%m-%d %H:%M") if isinstance(issued, int) else "—"
    except (ValueError, OverflowError, OSError):  # a year the calendar or the platform's time_t cannot hold
        return "—"


def _amount(claims: Mapping[str, Any]) -> str:
    total = claims.get("t")
    return yuan(total) if isinstance(total, int) and not isinstance(total, bool) else "—"


# --- 发票查验 ---------------------------------------------------------------------------------
def read_invoice(find: Finder | None, context: Mapping[str, Any]) -> dict[str, Any]:
    """The invoice scanned or named by the typed code, read (not yet checked)."""
    payload, kind, claims = read_code(code_to_check(find, context))
    if claims is None or kind is None:
        raise ActionError(INVOICE_DAMAGED, retry=False)
    if kind != INVOICE:
        log.info("scanned code is not an invoice", extra={"kind": kind})
        raise ActionError(CERTIFICATE_NOT_INVOICE if kind in CERTIFICATE_KINDS else NOT_OURS, retry=False)
    return {"payload": payload, "claims": claims}


def check_invoice(post: Callable[[str, dict[str, Any]], Any], context: Mapping[str, Any]) -> dict[str, Any]:
    """The bureau's answer: genuine only if it signed this invoice and has it on record."""
    answer = post(CHECK_PATH, {"qr": context["invoice"]["payload"]})
    answer = answer if isinstance(answer, dict) else {}
    genuine = answer.get("genuine") is True and answer.get("kind") == INVOICE
    log.info("invoice checked", extra={"genuine": genuine})
    claims = answer.get("claims")
    return {"genuine": genuine, "claims": claims if genuine and isinstance(claims, dict) else None}


def _invoice_fields(claims: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    return [
        (Text("发票号码", "Invoice number"), str(claims.get("s", "—"))),
        (Text("开票日期", "Date issued"), _when(claims)),
        (Text("价税合计", "Total incl. tax"), _amount(claims)),
        (Text("销售方", "Seller"), str(claims.get("m", "—"))),
        (Text("销售方证件号码", "Seller's ID number"), str(claims.get("n", "—"))),
        (Text("购买方", "Buyer"), str(claims.get("b", "—"))),
    ]


def _invoice_verdict(context: Mapping[str, Any]) -> tuple[str, Text]:
    if context["invoice_check"]["genuine"]:
        return "good", Text("查验通过：这是税务机关开具的真实发票，票面信息与开具记录一致。",
                            "Genuine: the tax bureau issued this invoice, and its details match the bureau's record.")
    return "bad", Text("查无此票：税务机关没有这张发票的开具记录。它可能是假发票，或二维码被改动过。"
                       "请不要用它报销或入账，并联系开票方。",
                       "Not found: the tax bureau has no record of issuing this invoice. It may be fake, or its "
                       "code may have been altered. Do not use it for expenses or accounts; contact the seller.")


def invoice_check_flow() -> ServiceFlow:
    return ServiceFlow(
        id="invoice_check",
        title=Text("发票查验", "Check an invoice"),
        steps=(
            scan_step(Text("请扫描发票上的二维码", "Scan the QR code on the invoice"),
                      Text("把发票上的二维码对准扫码窗口。扫不出来时，可输入发票上的验证码或发票号码。",
                           "Hold the invoice's QR code up to the scanner window. If it will not scan, type the "
                           "verification code or the invoice number printed on it."),
                      READ_INVOICE, "invoice", typed=INVOICE_CODE),
            Step(StepKind.QUOTE, Text("发票信息", "Invoice details"), action=CHECK_INVOICE, result_key="invoice_check",
                 note=Text("请核对以下信息与纸质发票是否一致，然后点击“下一步”向税务机关查验。",
                           "Compare these details with the paper invoice, then tap \"Next\" to check it with the "
                           "tax bureau."),
                 present=lambda c: _invoice_fields(c["invoice"]["claims"])),
            Step(StepKind.QUOTE, Text("查验结果", "Result of the check"), outcome=_invoice_verdict,
                 present=lambda c: _invoice_fields(c["invoice_check"]["claims"] or c["invoice"]["claims"])),
        ),
    )


# --- 税收证明真伪查验 --------------------------------------------------------------------------
def check_certificate(public_key: Callable[[], str | None], online: Callable[[str], dict[str, Any]] | None,
                      find: Finder | None, context: Mapping[str, Any]) -> dict[str, Any]:
    """The signature checked offline with the bureau's key, and the bureau's record when `online` is given.

    `online` raises ActionError when the bureau cannot be reached: the offline verdict then stands.
    A typed code is looked up with `find` (None: the link is down) and then checked the same way.
    """
    payload, kind, claims = read_code(code_to_check(find, context))
    if kind == INVOICE:
        raise ActionError(INVOICE_NOT_CERTIFICATE, retry=False)
    if kind in OTHER_SIGNED_KINDS:
        log.info("scanned code is not a certificate", extra={"kind": str(kind)})
        raise ActionError(NOT_OURS, retry=False)
    # Anything else claims to be a certificate (or was altered past reading): the signature decides.
    key = public_key()
    if key is None and online is None:
        raise ActionError(NO_KEY_YET, retry=False)
    signed = key is not None and verify_payload(key, payload) is not None
    record = UNAVAILABLE
    if online is not None:
        try:
            answer = online(payload)
            record = CONFIRMED if answer.get("genuine") and answer.get("kind") in CERTIFICATE_KINDS else NOT_ON_RECORD
        except ActionError:
            log.info("certificate record check unavailable: the offline verdict stands")
    if record == UNAVAILABLE and key is None:
        raise ActionError(NO_KEY_YET, retry=False)
    if record == CONFIRMED:
        verdict = GENUINE  # the bureau's own check, with the key it signs with today
    elif key is None or (signed and record == NOT_ON_RECORD):
        verdict = NOT_ON_RECORD
    else:
        verdict = GENUINE if signed else FORGED
    log.info("certificate checked", extra={"verdict": verdict, "record": record})
    return {"verdict": verdict, "record": record, "claims": claims if verdict == GENUINE else None}


def _certificate_verdict(context: Mapping[str, Any]) -> tuple[str, Text]:
    result = context["certificate"]
    if result["verdict"] == GENUINE and result["record"] == CONFIRMED:
        return "good", Text("真实有效：这张证明由税务机关签发，内容未被改动，并与税务机关的记录一致。",
                            "Genuine: the tax bureau issued this certificate, it has not been altered, and it "
                            "matches the bureau's records.")
    if result["verdict"] == GENUINE:
        return "good", Text("真实有效：这张证明带有税务机关的有效签名，内容未被改动。",
                            "Genuine: this certificate carries the tax bureau's valid signature and has not been "
                            "altered.")
    if result["verdict"] == NOT_ON_RECORD:
        return "bad", Text("未通过：税务机关没有这张证明的记录。请不要采信，并到服务窗口咨询。",
                           "Not confirmed: the tax bureau has no record of this certificate. Do not rely on it; "
                           "please ask at the service counter.")
    return "bad", Text("未通过：这张证明的二维码签名无效，它可能是伪造的或被改动过。请不要采信，并到服务窗口咨询。",
                       "Not genuine: the signature in this certificate's code is not valid, so it may be forged or "
                       "altered. Do not rely on it; please ask at the service counter.")


def _certificate_rows(context: Mapping[str, Any]) -> list[tuple[Text, str | Text]]:
    result = context["certificate"]
    claims = result["claims"]
    if claims is None:
        return []
    how = (Text("离线签名验证 + 税务机关记录核对", "Signature checked here, and confirmed by the tax bureau's records")
           if result["record"] == CONFIRMED else
           Text("离线签名验证（暂时无法连接税务机关核对记录，可联网后再查）",
                "Signature checked here (the tax bureau's records cannot be reached now; check again later)"))
    kind = CERTIFICATE_KINDS.get(str(claims.get("k")), Text("税收证明", "Tax certificate"))
    return [
        (Text("证明类型", "Certificate"), kind),
        (Text("证明编号", "Serial number"), str(claims.get("s", "—"))),
        (Text("纳税人", "Taxpayer"), str(claims.get("m", "—"))),
        (Text("纳税人证件号码", "Taxpayer's ID number"), str(claims.get("n", "—"))),
        (Text("金额合计", "Total amount"), _amount(claims)),
        (Text("开具时间", "Issued"), _when(claims)),
        (Text("核验方式", "How it was checked"), how),
    ]


def certificate_check_flow() -> ServiceFlow:
    return ServiceFlow(
        id="certificate_check",
        title=Text("税收证明真伪查验", "Verify a tax certificate"),
        needs_bureau=False,
        steps=(
            scan_step(Text("请扫描税收证明上的二维码", "Scan the QR code on the tax certificate"),
                      Text("把证明上的二维码对准扫码窗口，断网时也能查验。扫不出来时，可输入二维码旁的验证码。",
                           "Hold the certificate's QR code up to the scanner window; this works offline too. If "
                           "it will not scan, type the verification code printed beside it."),
                      CHECK_CERTIFICATE, "certificate", typed=CERTIFICATE_CODE),
            Step(StepKind.QUOTE, Text("查验结果", "Result of the check"), outcome=_certificate_verdict,
                 present=lambda c: _certificate_rows(c) or [(NO_LABEL, SCAN_ANOTHER)]),
        ),
    )
