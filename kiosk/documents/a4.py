"""One millimetre-based QPainter renderer for A4: the archive PDF and a silent system print.

Everything is placed in millimetres and converted to device units with the device's own
resolution; the painter is never scaled (that would enlarge text twice). Layout runs first and
yields pages of drawing operations, so the footer can say "page n of N"; painting then replays
them on a QPdfWriter or a QPrinter alike. The bundled WenQuanYi Micro Hei keeps the PDF's text
layer searchable (Noto CJK maps 人民 to radicals in Qt's PDF output).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import qrcode
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.documents.model import (
    Barcode,
    BigText,
    Document,
    Fields,
    Holder,
    Note,
    Signature,
    Table,
    Title,
    Total,
    Verification,
)
from kiosk.documents.seal import draw_seal
from kiosk.fonts import load_ui_font
from taxcore.money import uppercase, yuan

log = logging.getLogger(__name__)

PAGE_W, PAGE_H = 210.0, 297.0
LEFT, RIGHT, TOP, BOTTOM = 18.0, 192.0, 16.0, 280.0
WIDTH = RIGHT - LEFT
PDF_DPI = 300

Op = Callable[[QPainter, "_Units"], None]


def _wrapping(align: Qt.AlignmentFlag) -> QTextOption:
    """Wrap at words, and inside a word too long for its cell (a masked ID number in a narrow
    column), so that nothing on an official form is cut off at the cell's edge."""
    option = QTextOption(align | Qt.AlignmentFlag.AlignVCenter)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return option


class A4PrintError(RuntimeError):
    """The named system printer is missing or refused the job (worded for the technician)."""


@dataclass(frozen=True)
class _Units:
    per_mm: float

    def r(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(x * self.per_mm, y * self.per_mm, w * self.per_mm, h * self.per_mm)


@dataclass
class _Layout:
    device: QPagedPaintDevice
    family: str
    units: _Units
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    y: float = TOP

    def font(self, pt: float, bold: bool = False) -> QFont:
        f = QFont(self.family)
        f.setPointSizeF(pt)
        f.setBold(bold)
        return f

    def height_of(self, text: str, font: QFont, width_mm: float, pad: float = 1.6) -> float:
        """Laid out as `text` draws it: the same wrapping, line by line."""
        layout = QTextLayout(text.replace("\n", "\u2028"), font, self.device)
        layout.setTextOption(_wrapping(Qt.AlignmentFlag.AlignLeft))
        leading = QFontMetricsF(font, self.device).leading()
        height = 0.0
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width_mm * self.units.per_mm)
            height += line.height() + leading
        layout.endLayout()
        return max(height - leading, 0.0) / self.units.per_mm + 2 * pad

    def width_of(self, text: str, font: QFont) -> float:
        return QFontMetricsF(font, self.device).horizontalAdvance(text) / self.units.per_mm

    def room(self, h: float) -> bool:
        """Starts a new page if `h` mm do not fit; True if it did."""
        if self.y + h > BOTTOM:
            self.pages.append([])
            self.y = TOP
            return True
        return False

    def add(self, op: Op) -> None:
        self.pages[-1].append(op)

    def text(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        font: QFont,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        colour: str = "#000000",
    ) -> None:
        def op(p: QPainter, u: _Units) -> None:
            p.setFont(font)
            p.setPen(QColor(colour))
            p.drawText(u.r(x + 1.2, y, w - 2.4, h), text, _wrapping(align))

        self.add(op)

    def box(self, x: float, y: float, w: float, h: float, fill: str | None = None, width_mm: float = 0.25) -> None:
        def op(p: QPainter, u: _Units) -> None:
            p.setPen(QPen(QColor("#000000"), width_mm * u.per_mm))
            p.setBrush(QColor(fill) if fill else Qt.BrushStyle.NoBrush)
            p.drawRect(u.r(x, y, w, h))

        self.add(op)


def _seal_op(cx: float, cy: float, radius: float, office: str, family: str) -> Op:
    def op(p: QPainter, u: _Units) -> None:
        draw_seal(p, QPointF(cx * u.per_mm, cy * u.per_mm), radius * u.per_mm, office, family)

    return op


def _qr_op(x: float, y: float, size: float, payload: str) -> Op:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = size / len(matrix)

    def op(p: QPainter, u: _Units) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#000000"))
        for row, bits in enumerate(matrix):
            col = 0
            while col < len(bits):  # one rectangle per run of dark modules
                if not bits[col]:
                    col += 1
                    continue
                start = col
                while col < len(bits) and bits[col]:
                    col += 1
                # a hair of overlap so anti-aliasing leaves no white seams between modules
                p.drawRect(u.r(x + start * cell, y + row * cell, (col - start) * cell + 0.02, cell + 0.02))

    return op


def layout(doc: Document, device: QPagedPaintDevice, family: str) -> list[list[Op]]:
    lay = _Layout(device, family, _Units(device.logicalDpiX() / 25.4))
    for block in doc.blocks():
        _place(lay, block)
    return lay.pages


def _place(lay: _Layout, block: object) -> None:
    center = Qt.AlignmentFlag.AlignHCenter
    right = Qt.AlignmentFlag.AlignRight
    if isinstance(block, Title):
        if block.number:
            lay.text(LEFT, lay.y, WIDTH, 5, f"No. {block.number}", lay.font(9), right)
        lay.text(LEFT, lay.y + 5, WIDTH, 11, block.text, lay.font(18, True), center)
        lay.y += 16
        if block.subtitle:
            lay.text(LEFT, lay.y, WIDTH, 6, block.subtitle, lay.font(10), center, "#333333")
            lay.y += 8
    elif isinstance(block, Fields):
        cols = max(block.columns, 1)
        pair_w = WIDTH / cols
        label_font, value_font = lay.font(9.5, True), lay.font(10)
        label_w = min(max(lay.width_of(k, label_font) for k, _ in block.pairs) + 3.0, pair_w * 0.45)
        for i in range(0, len(block.pairs), cols):
            row = block.pairs[i : i + cols]
            h = max(
                max(lay.height_of(v, value_font, pair_w - label_w), lay.height_of(k, label_font, label_w))
                for k, v in row
            )
            h = max(h, 8.0)
            lay.room(h)
            for j, (k, v) in enumerate(row):
                x = LEFT + j * pair_w
                lay.box(x, lay.y, label_w, h, "#eeeeee")
                lay.text(x, lay.y, label_w, h, k, label_font)
                lay.box(x + label_w, lay.y, pair_w - label_w, h)
                lay.text(x + label_w, lay.y, pair_w - label_w, h, v, value_font)
            lay.y += h
        lay.y += 3
    elif isinstance(block, Table):
        _table(lay, block)
    elif isinstance(block, Total):
        h = 9.0
        lay.room(h)
        lay.box(LEFT, lay.y, WIDTH, h)
        words = f"（大写）{uppercase(block.amount)}" if block.in_words else ""
        lay.text(LEFT, lay.y, 30, h, block.label, lay.font(10.5, True))
        lay.text(LEFT + 30, lay.y, WIDTH - 75, h, words, lay.font(10.5))
        lay.text(RIGHT - 45, lay.y, 45, h, f"（小写）{yuan(block.amount)}", lay.font(10.5, True), right)
        lay.y += h + 4
    elif isinstance(block, Note):
        font = lay.font(9)
        h = lay.height_of(block.text, font, WIDTH)
        lay.room(h)
        lay.text(LEFT, lay.y, WIDTH, h, block.text, font, colour="#222222")
        lay.y += h + 2
    elif isinstance(block, Signature):
        h = 26.0
        lay.room(h)
        x = RIGHT - 70
        lay.box(x, lay.y, 70, h)
        lay.text(x, lay.y + 2, 70, 6, "税务机关（盖章）", lay.font(9.5, True), center)
        lay.text(x, lay.y + 9, 70, 10, block.office, lay.font(10), center)
        lay.text(x, lay.y + 19, 70, 6, f"填票人：{block.drawer}", lay.font(9), center)
        lay.add(_seal_op(x + 35, lay.y + h / 2, 12.0, block.office, lay.family))
        lay.y += h + 4
    elif isinstance(block, Verification):
        size = 30.0
        lay.room(size + 2)
        lay.add(_qr_op(LEFT, lay.y, size, block.qr_payload))
        lay.text(LEFT + size + 6, lay.y + 4, WIDTH - size - 6, 8, f"验证码：{block.code}", lay.font(12, True))
        if block.site:
            lay.text(LEFT + size + 6, lay.y + 12, WIDTH - size - 6, 6, f"查验网址：{block.site}", lay.font(10))
        lay.text(LEFT + size + 6, lay.y + 19, WIDTH - size - 6, 10, block.hint, lay.font(9), colour="#333333")
        lay.y += size + 4
    elif isinstance(block, BigText):
        lay.room(30)
        lay.text(LEFT, lay.y, WIDTH, 30, block.text, lay.font(48, True), center)
        lay.y += 32
    elif isinstance(block, Barcode):
        lay.room(8)
        lay.text(LEFT, lay.y, WIDTH, 8, block.data, lay.font(10), center)
        lay.y += 8


def _table(lay: _Layout, table: Table) -> None:
    total = sum(table.widths)
    widths = [WIDTH * w / total for w in table.widths]
    head_font, cell_font = lay.font(9, True), lay.font(9)

    def row_height(cells: list[str] | tuple[str, ...], font: QFont) -> float:
        return max(8.0, *(lay.height_of(c, font, w - 2.4, 1.8) for c, w in zip(cells, widths, strict=True)))

    def draw(cells: list[str] | tuple[str, ...], font: QFont, fill: str | None, h: float) -> None:
        x = LEFT
        for i, (c, w) in enumerate(zip(cells, widths, strict=True)):
            lay.box(x, lay.y, w, h, fill)
            align = Qt.AlignmentFlag.AlignRight if i in table.numeric and fill is None else Qt.AlignmentFlag.AlignLeft
            if fill is not None:
                align = Qt.AlignmentFlag.AlignHCenter
            lay.text(x, lay.y, w, h, c, font, align)
            x += w
        lay.y += h

    head_h = row_height(list(table.headers), head_font)
    lay.room(head_h + 8)
    draw(list(table.headers), head_font, "#e4e4e4", head_h)
    for row in table.rows:
        h = row_height(list(row), cell_font)
        if lay.room(h):
            draw(list(table.headers), head_font, "#e4e4e4", head_h)  # header again on a new page
        draw(list(row), cell_font, None, h)


def footer_of(doc: Document) -> list[str]:
    """What every page's foot says besides the page: the form's number and its holder's name and number."""
    blocks = doc.blocks()
    numbers = [f"No. {b.number}" for b in blocks if isinstance(b, Title) and b.number]
    holders = [f"{b.name} {b.number}" for b in blocks if isinstance(b, Holder)]
    return numbers[:1] + holders[:1]


def paint(doc: Document, device: QPagedPaintDevice, family: str) -> int:
    """Lays out and paints every page on an open device; returns the page count."""
    pages = layout(doc, device, family)
    whose = footer_of(doc)
    units = _Units(device.logicalDpiX() / 25.4)
    painter = QPainter()
    if not painter.begin(device):
        raise A4PrintError("cannot start painting on the output device")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for n, ops in enumerate(pages, start=1):
            if n > 1:
                device.newPage()
            for op in ops:
                op(painter, units)
            painter.setFont(QFont(family, 8))
            painter.setPen(QColor("#555555"))
            painter.drawText(
                units.r(LEFT, BOTTOM + 4, WIDTH, 6),
                int(Qt.AlignmentFlag.AlignHCenter),
                " · ".join([*whose, f"第 {n} 页 / 共 {len(pages)} 页"]),
            )
    finally:
        painter.end()
    return len(pages)


def _a4_layout() -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))


def render_pdf(doc: Document, title: str = "") -> tuple[bytes, int]:
    """The PDF in memory (the archive seals it before it reaches the disk) and its page count.
    Needs a QGuiApplication (fonts)."""
    family = load_ui_font()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(_a4_layout())
    writer.setTitle(title or doc.kind)
    writer.setCreator("tax-kiosk")
    pages = paint(doc, writer, family)
    del writer  # the PDF is finished when its writer goes
    return bytes(buffer.data().data()), pages


def write_pdf(doc: Document, path: Path, title: str = "") -> int:
    """A sample page to a file (`kiosk printer a4 --pdf`); returns the page count."""
    data, pages = render_pdf(doc, title)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return pages


def print_document(doc: Document, printer_name: str, job_name: str = "") -> int:
    """Prints silently on the named system printer (CUPS or the Windows spooler)."""
    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull():
        known = ", ".join(QPrinterInfo.availablePrinterNames()) or "none"
        raise A4PrintError(f"no system printer named {printer_name!r} (printers: {known})")
    family = load_ui_font()
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)  # our millimetres start at the paper's corner, as in the PDF
    printer.setPageLayout(_a4_layout())
    printer.setDocName(job_name or doc.kind)
    if not printer.isValid():
        raise A4PrintError(f"printer {printer_name!r} is not usable")
    pages = paint(doc, printer, family)
    log.info("A4 document sent to printer", extra={"printer": printer_name, "pages": pages})
    return pages
