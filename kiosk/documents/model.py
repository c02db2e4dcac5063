"""The few kinds of block every document is made of, read by both renderers.

A document says *what* it contains in order (title, labelled fields, a table, a total, the
verification QR and code); `receipt.py` decides how that fits a 48-column roll and `a4.py` how
it sits on an A4 page. A new document is a new list of blocks, not new drawing code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from taxcore import doclink
from taxcore.money import Fen


@dataclass(frozen=True)
class Title:
    text: str
    subtitle: str = ""  # English line under it, or the form's own sub-heading
    number: str = ""  # the form's serial number, printed at the top right (No. ...)


@dataclass(frozen=True)
class Fields:
    """Labelled values; on A4 laid out `columns` pairs to a row inside a ruled grid."""

    pairs: Sequence[tuple[str, str]]
    columns: int = 2


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float]  # relative column widths on A4
    numeric: Sequence[int] = ()  # columns aligned right (amounts)
    receipt_columns: Sequence[int] | None = None  # columns kept on the narrow roll (None: all)


@dataclass(frozen=True)
class Total:
    label: str
    amount: Fen
    in_words: bool = True  # also print the capital-figure amount (大写)


@dataclass(frozen=True)
class Note:
    text: str


@dataclass(frozen=True)
class BigText:
    """A queue number: huge on the roll."""

    text: str


@dataclass(frozen=True)
class Barcode:
    data: str  # ASCII digits, hardware Code128 on the roll


@dataclass(frozen=True)
class Verification:
    """The QR a checker scans (the bureau's verification page with the signed payload) and the
    验证码 a person types on that page, whose address is printed with it."""

    qr_payload: str
    code: str
    hint: str = "扫码或登录税务局网站输入验证码查验真伪"

    @property
    def site(self) -> str:
        """The page to type the code on ("" for a code that is no address: then the hint alone)."""
        return doclink.site_of(self.qr_payload)


@dataclass(frozen=True)
class Signature:
    """The issuing office's seal box and the drawer's name, bottom of a form."""

    office: str
    drawer: str = "自助终端"


@dataclass(frozen=True)
class Holder:
    """Whose document it is: an A4 form repeats it, with its number and page x of y, at the foot of
    every page, so a loose second page still says whose it is. Not drawn where it stands."""

    name: str
    number: str  # the ID number or 纳税人识别号 printed on the form


Block = Title | Fields | Table | Total | Note | BigText | Barcode | Verification | Signature | Holder


class Document(Protocol):
    kind: str  # as named by a service's `document`

    @property
    def a4(self) -> bool:
        """Whether a person expects this one on A4 paper."""
        ...

    def blocks(self) -> list[Block]: ...


Paper = Literal["receipt", "a4"]


@dataclass(frozen=True)
class LineItem:
    """One tax or fee line: what, for which period, how much."""

    name: str  # 税种 / 险种 / 项目
    item: str  # 品目名称
    period: str  # 税款所属时期, e.g. 2026-10-01 至 2026-10-31
    amount: Fen
    voucher_no: str = ""  # 原凭证号
    date: str = ""  # 入(退)库日期 / 缴费日期
    extra: dict[str, str] = field(default_factory=dict)  # further cells; money in them (base, tax) as fen digits
