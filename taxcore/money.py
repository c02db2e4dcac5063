"""Money is an int of fen (分) everywhere, and is written one way: ￥1,234.50 and 壹仟贰佰叁拾肆元伍角整.

The bureau's API carries `*_cents` integers (fen), the outbox and the payment ledger store them,
and the documents hold them: no float and no yuan Decimal travels between modules, so nothing
is off by a factor of 100 (`yuan(840)` is ￥8.40). An amount a person writes in yuan becomes fen
at the edge, through `fen()`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TypeAlias

Fen: TypeAlias = int
"""An amount of money in fen: 100 fen are 1 yuan."""

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")


def fen(yuan_amount: Decimal | str | int) -> Fen:
    """An amount written in yuan ("1234.5", Decimal("88")) in fen, rounded half up to the fen."""
    return int((Decimal(yuan_amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def yuan(amount: Fen, *, symbol: bool = True) -> str:
    """￥1,234.50 for 123450 fen; without the sign and separators (1234.50) for a unit-price cell.

    The sign is the full-width yuan sign (U+FFE5): the half-width ¥ is a 4-byte GB18030 code
    printers garble.
    """
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), 100)
    return f"{sign}￥{whole:,}.{part:02d}" if symbol else f"{sign}{whole}.{part:02d}"


def _group(n: int) -> str:
    """Chinese reading of 0 < n < 10000, with 零 for inner gaps."""
    out: list[str] = []
    zero = False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[d] + _SMALL_UNITS[pos])
    return "".join(out)


def uppercase(amount: Fen) -> str:
    """The capital-figure amount (大写金额) used on vouchers, certificates and invoices."""
    if amount < 0:
        return "负" + uppercase(-amount)
    whole, part = divmod(amount, 100)
    jiao, fen_digit = divmod(part, 10)
    text = ""
    if whole:
        groups = []
        i = 0
        while whole:
            groups.append((whole % 10000, i))
            whole //= 10000
            i += 1
        parts: list[str] = []
        need_zero = False
        for g, idx in reversed(groups):
            if g == 0:
                need_zero = bool(parts)
                continue
            if parts and (need_zero or g < 1000):
                parts.append("零")
            parts.append(_group(g) + _GROUP_UNITS[idx])
            need_zero = False
        text = "".join(parts) + "元"
    if jiao == 0 and fen_digit == 0:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen_digit:
        text += _DIGITS[fen_digit] + "分"
    else:
        text += "整"
    return text
