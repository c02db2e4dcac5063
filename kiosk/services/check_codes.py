"""Checks by a typed code, for a paper whose QR will not scan (creased, faded, a photocopy).

The 验证码 printed beside a document's QR (16 digits) or an invoice's 发票号码 (20 digits) is typed
on the keypad of the scan step itself. The bureau finds the document by it and answers with the
document's QR address; from there the check goes on exactly as for a scanned code, so one
verdict, one set of words and one way of showing it serve both.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.bureau_calls import BureauRefusal
from kiosk.flow.engine import ActionError
from kiosk.flow.model import SCANNED, FormField, Text
from kiosk.messages import Message
from taxcore.doclink import CODE_DIGITS

log = logging.getLogger(__name__)

TYPED = "typed_code"
FIND_PATH = "/v1/documents/find"
INVOICE_NUMBER_DIGITS = 20

CODE_UNKNOWN = Message(QT_TRANSLATE_NOOP(
    "Messages", "No document has this code. Please compare it with the paper, correct it and tap \"Next\" again. "
                "If it still cannot be found, the document may not come from the tax bureau."))
CODE_NEEDS_LINK = Message(QT_TRANSLATE_NOOP(
    "Messages", "A typed code can only be checked with the tax bureau, which cannot be reached right now. Please "
                "scan the QR code instead: that works offline."))

# Find the document a typed code names: its QR address (ActionError when none has it).
Finder = Callable[[str], str]


def code_problem(value: str) -> Message | None:
    if len(value) != CODE_DIGITS:
        return Message(QT_TRANSLATE_NOOP("Messages", "The verification code has 16 digits; you typed {count}."),
                       {"count": len(value)})
    return None


def invoice_code_problem(value: str) -> Message | None:
    if len(value) not in (CODE_DIGITS, INVOICE_NUMBER_DIGITS):
        return Message(QT_TRANSLATE_NOOP(
            "Messages", "Type the 16-digit verification code or the 20-digit invoice number; you typed {count} "
                        "digits."), {"count": len(value)})
    return None


CERTIFICATE_CODE = FormField(TYPED, Text("或输入证明上的验证码（16位数字）", "Or type the 16-digit verification code"),
                             "keypad", validate=code_problem, max_length=CODE_DIGITS)
INVOICE_CODE = FormField(TYPED, Text("或输入验证码（16位）或发票号码（20位）",
                                     "Or type the verification code (16 digits) or invoice number (20)"),
                         "keypad", validate=invoice_code_problem, max_length=INVOICE_NUMBER_DIGITS)


def finder(post: Callable[[str, dict[str, Any]], Any]) -> Finder:
    """Looks typed codes up at the bureau."""
    def find(typed: str) -> str:
        try:
            answer = post(FIND_PATH, {"code": typed})
        except BureauRefusal as refusal:
            if refusal.status == 404:
                log.info("typed code names no document")
                raise ActionError(CODE_UNKNOWN, retry=False) from refusal
            raise
        return str(answer["qr"])
    return find


def code_to_check(find: Finder | None, context: Mapping[str, Any]) -> str:
    """The QR to check: the one scanned, else that of the document the typed code names.

    (The scan step's own "Next" button submits an empty scan: the person typed instead.)
    """
    scanned = str(context.get(SCANNED) or "")
    if scanned:
        return scanned
    if find is None:
        raise ActionError(CODE_NEEDS_LINK, retry=False)
    return find(str(context.get(TYPED) or ""))
