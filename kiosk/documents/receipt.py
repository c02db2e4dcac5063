"""A document's blocks laid out for the receipt roll (48 half-width columns on 80 mm paper)."""

from __future__ import annotations

from drivers.printer.chinese import display_width
from drivers.printer.layout import ReceiptLayout
from kiosk.documents.model import Barcode, BigText, Document, Fields, Note, Signature, Table, Title, Total, Verification
from taxcore.money import uppercase, yuan


def wrap(text: str, columns: int) -> list[str]:
    """Splits at display columns (a Chinese character takes two), preferring a space for Latin text."""
    lines: list[str] = []
    current, width = "", 0
    for ch in text:
        if ch == " " and not current and lines:
            continue  # a wrapped line does not start with the space it broke at
        w = display_width(ch)
        if width + w > columns:
            cut = current.rfind(" ")
            if cut > len(current) // 2 and current[cut + 1 :].isascii():
                lines.append(current[:cut])
                current = current[cut + 1 :]
            else:
                lines.append(current)
                current = ""
            width = display_width(current)
        current += ch
        width += w
    if current or not lines:
        lines.append(current)
    return [line.rstrip() for line in lines]


def spread(left: str, right: str, columns: int) -> list[str]:
    """`left` and `right` on one line if they fit, else `right` on its own line, flush right."""
    gap = columns - display_width(left) - display_width(right)
    if gap >= 2:
        return [left + " " * gap + right]
    return [*wrap(left, columns), " " * max(columns - display_width(right), 0) + right]


def to_receipt(doc: Document, columns: int = 48) -> ReceiptLayout:
    out = ReceiptLayout()
    rule = "-" * columns
    for block in doc.blocks():
        if isinstance(block, Title):
            big = display_width(block.text) * 2 <= columns
            for line in wrap(block.text, columns // 2 if big else columns):
                out.text(line, "center", 2 if big else 1, True)
            for extra in (block.subtitle, f"No. {block.number}" if block.number else ""):
                for line in wrap(extra, columns) if extra else []:
                    out.text(line, "center")
            out.text(rule)
        elif isinstance(block, BigText):
            out.text(block.text, "center", 4, True)
        elif isinstance(block, Fields):
            for label, value in block.pairs:
                for line in wrap(f"{label}：{value}", columns):
                    out.text(line)
        elif isinstance(block, Table):
            _table(out, block, columns)
        elif isinstance(block, Total):
            for line in spread(f"{block.label}：", yuan(block.amount), columns):
                out.text(line, bold=True)
            if block.in_words:
                for line in wrap(f"（大写）{uppercase(block.amount)}", columns):
                    out.text(line)
            out.text(rule)
        elif isinstance(block, Note):
            for line in wrap(block.text, columns):
                out.text(line)
        elif isinstance(block, Barcode):
            out.barcode(block.data)
        elif isinstance(block, Signature):
            for line in wrap(f"开具机关：{block.office}", columns):
                out.text(line)
        elif isinstance(block, Verification):
            out.feed(1)
            out.qr(block.qr_payload)
            out.text(f"验证码：{block.code}", "center", bold=True)
            if block.site:
                for line in wrap(f"查验网址：{block.site}", columns):
                    out.text(line, "center")
            for line in wrap(block.hint, columns):
                out.text(line, "center")
    return out


def _table(out: ReceiptLayout, table: Table, columns: int) -> None:
    keep = list(table.receipt_columns) if table.receipt_columns is not None else list(range(len(table.headers)))
    right = [c for c in keep if c in table.numeric]
    left = [c for c in keep if c not in table.numeric]
    header_left = " ".join(table.headers[c] for c in left)
    header_right = " ".join(table.headers[c] for c in right)
    out.text(rule := "-" * columns)
    for line in spread(header_left, header_right, columns):
        out.text(line)
    for row in table.rows:
        for line in spread(" ".join(row[c] for c in left if row[c]), " ".join(row[c] for c in right), columns):
            out.text(line)
    out.text(rule)
