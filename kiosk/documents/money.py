"""Amounts as printed on Chinese tax documents: ￥1,234.50 and 壹仟贰佰叁拾肆元伍角整."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")


def cents(amount: Decimal | str | int) -> Decimal:
    return Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def yuan(amount: Decimal | str | int) -> str:
    """Full-width yuan sign (U+FFE5): the half-width ¥ is a 4-byte GB18030 code printers garble."""
    value = cents(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}￥{abs(value):,.2f}"


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


def uppercase(amount: Decimal | str | int) -> str:
    """The capital-figure amount (大写金额) used on vouchers, certificates and invoices."""
    value = cents(amount)
    if value < 0:
        return "负" + uppercase(-value)
    whole = int(value)
    jiao, fen = int(value * 10) % 10, int(value * 100) % 10
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
    if jiao == 0 and fen == 0:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    else:
        text += "整"
    return text
