"""How a signed document payload travels on paper: as a web address and as a typed 验证码.

The QR of a document is the address of the bureau's public verification page with the signed
payload as its last segment (`https://<bureau>/v/<payload>`), so a phone camera opens a page
that says whether the paper is genuine, while a terminal takes the payload out of the address
and checks its signature offline. Documents printed before carried the bare payload; a terminal
still reads those. The 验证码 printed under the QR is derived from the payload, so a terminal
can show it offline and the bureau finds the document by it: 16 digits, typed on a keypad.
"""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import urlsplit

PAGE = "/v"
CODE_DIGITS = 16


def link(base_url: str, payload: str) -> str:
    """The verification page's address carrying `payload`."""
    return page_of(base_url) + "/" + payload


def page_of(base_url: str) -> str:
    """The verification page where a 验证码 is typed."""
    return base_url.rstrip("/") + PAGE


def payload_of(scanned: str) -> str:
    """The signed payload in a scanned code: the last segment of a verification address, or the
    code itself when it is a bare payload. Any other web address gives "" (not a document)."""
    text = scanned.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        return text
    head, _, last = parts.path.rstrip("/").rpartition("/")
    return last if head.endswith(PAGE) and not parts.query else ""


def site_of(qr: str) -> str:
    """The verification page of a document's QR address ("" for a bare payload)."""
    parts = urlsplit(qr.strip())
    if parts.scheme.lower() not in ("http", "https") or not payload_of(qr):
        return ""
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/').rpartition('/')[0]}"


def verify_code(payload: str) -> str:
    """The 验证码 of a signed payload: 16 digits from its SHA-256 (2^53 values; guessing one is hopeless)."""
    digest = hashlib.sha256(payload.strip().encode("ascii", "replace")).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


def code_of(qr: str) -> str:
    """The 验证码 as printed beside a document's QR (its address or bare payload)."""
    return spaced(verify_code(payload_of(qr)))


def spaced(code: str) -> str:
    """A code as printed and shown: groups of four (`1234 5678 9012 3456`)."""
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))


def typed_code(text: str) -> str | None:
    """The 16 digits a person typed (spaces, dashes and full-width digits allowed), or None."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", text) if c not in " -\u3000")
    return digits if len(digits) == CODE_DIGITS and digits.isascii() and digits.isdigit() else None
