"""Scrubbing what a support bundle carries: every kind of personal number, phones, addresses and the
names of every session the logs may still hold, not only the current one.

Logs are masked when written, with the names the session knew then; this is the second pass, over
whole files, for what slipped through (a name in free text before the card was read, a number in
a form the log filter does not know). It errs towards hiding: a masked word costs support little.
Names of earlier sessions are recognised through the name ledger (kiosk/name_ledger.py), which
keeps keyed hashes of names, never the names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from taxcore.masking import ID_NUMBER, mask_name

# Hong Kong / Macau / Taiwan documents and passports: 回乡证 H/M + 8 or 10 digits, 台胞证 8 digits
# (or 10 + a letter), HK identity card A123456(7), Macau identity card 1234567(8), Taiwan
# identity card A123456789, Chinese passports E12345678 / EA1234567, and the common
# letters-then-digits shape of foreign passports.
HMT_PASSPORT = re.compile(
    r"(?<![\w-])(?:"
    r"[HM]\d{8}(?:\d{2})?"
    r"|[A-Z]{1,2}\d{6}\s?\(?[0-9A]\)?"
    r"|[157]\d{6}\s?\(\d\)"
    r"|[A-Z][12]\d{8}"
    r"|[EGDSP][A-Z]?\d{7,8}"
    r"|[A-Z]{1,2}\d{7,9}"
    r"|\d{8}(?=\D*(?:台胞|台湾|Taiwan))"
    r")(?![\w-])"
)
PHONE = re.compile(
    r"(?<![\w-])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\w-])"  # mainland mobile
    r"|(?<![\w-])0\d{2,3}[\s-]?\d{7,8}(?![\w-])"  # landline with area code
    r"|(?:\+|00)85[23][\s-]?\d{4}[\s-]?\d{4}(?!\d)"  # Hong Kong, Macau
    r"|(?:\+|00)886[\s-]?\d{1,2}[\s-]?\d{3,4}[\s-]?\d{4}(?!\d)"  # Taiwan
)
# A run of Chinese text that reads as an address: a place word and a street or house word.
ADDRESS = re.compile(
    r"[\u4e00-\u9fff\d\-#（）()]*(?:省|市|区|县|镇|乡|村|街道)[\u4e00-\u9fff\d\-#（）()]*"
    r"(?:路|街|道|巷|弄|里|号|栋|幢|楼|室|单元|组)[\u4e00-\u9fff\d\-#（）()]*"
)
CJK_RUN = re.compile(r"[\u3400-\u9fff·]{2,}")
LATIN_RUN = re.compile(r"\b[A-Z][A-Za-z'-]+(?:,? [A-Z][A-Za-z'-]+)+\b")


def scrub_numbers(text: str) -> str:
    text = ID_NUMBER.sub("<id withheld>", text)
    text = HMT_PASSPORT.sub("<document number withheld>", text)
    text = PHONE.sub("<phone withheld>", text)
    return ADDRESS.sub("<address withheld>", text)


def scrub_names(text: str, known: Callable[[str], bool]) -> str:
    """Names `known` recognises, found as any 2 to 4 characters of a Chinese run or 2 to 4 Latin words."""

    def windows(parts: list[str], joiner: str) -> str:
        out, i = [], 0
        while i < len(parts):
            for size in (4, 3, 2):
                name = joiner.join(parts[i:i + size])
                if i + size <= len(parts) and known(name.replace(",", "")):
                    out.append(mask_name(name))
                    i += size
                    break
            else:
                out.append(parts[i])
                i += 1
        return joiner.join(out)

    text = CJK_RUN.sub(lambda m: windows(list(m.group(0)), ""), text)
    return LATIN_RUN.sub(lambda m: windows(m.group(0).split(" "), " "), text)
