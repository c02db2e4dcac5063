"""A4 documents as the archive PDF: text a search finds, a QR a phone decodes, pages that break."""

from __future__ import annotations

import dataclasses
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from kiosk.documents.a4 import A4PrintError, print_document, write_pdf
from kiosk.documents.forms import TaxRecordList
from kiosk.documents.model import LineItem, Verification
from kiosk.documents.samples import samples

DOCS = samples()
A4_KINDS = sorted(k for k, d in DOCS.items() if d.a4)

EXPECTED = {
    "payment_voucher": ["中华人民共和国税收缴款凭证", "国家金库广州市天河区支库", "车船税", "￥480.00", "肆佰捌拾元整"],
    "tax_certificate": [
        "中华人民共和国税收完税证明",
        "纳税人名称",
        "王堃",
        "工资薪金所得",
        "2026-09-01 至 2026-09-30",
        "￥1,234.50",
        "￥1,322.50",
        "壹仟叁佰贰拾贰元伍角整",
        "税务机关（盖章）",
    ],
    "tax_record_list": ["个人所得税纳税记录", "居民身份证", "广州示例科技有限公司", "￥1,244.50", "￥12,400.00"],
    "si_payment_list": ["社会保险费缴费清单", "企业职工基本养老保险", "￥6,700.00", "￥4,100.40", "肆仟壹佰元肆角整"],
    "si_payment_summary": [
        "社会保险费缴费汇总清单",
        "职工基本医疗保险",
        "2026-01 至 2026-06",
        "￥804.00",
        "￥3,216.00",
    ],
    "small_invoice": ["电子发票（普通发票）", "家政服务费", "￥970.87", "￥29.13", "￥1,000.00", "壹仟元整"],
}


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path, tmp: Path, dpi: int = 150) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(tmp / "page")], check=True, capture_output=True)
    return [Image.open(p) for p in sorted(tmp.glob("page-*.png"))]


@pytest.mark.parametrize("kind", A4_KINDS)
def test_a4_pdf_text_and_qr(qapp, tmp_path, decode_qr, kind):
    doc = DOCS[kind]
    pdf = tmp_path / f"{kind}.pdf"
    assert write_pdf(doc, pdf) == 1
    text = pdf_text(pdf)
    for expected in EXPECTED[kind]:
        assert expected in text, expected
    [verification] = [b for b in doc.blocks() if isinstance(b, Verification)]
    assert f"验证码：{verification.code}" in text
    # the text layer holds the real characters, not CJK radicals (the Noto CJK problem)
    assert "⼈" not in text and "⺠" not in text
    [page] = pdf_pages(pdf, tmp_path)
    assert abs(page.width / page.height - 210 / 297) < 0.01
    assert decode_qr(page) == [verification.qr_payload]


def test_bundled_font_is_embedded(qapp, tmp_path):
    pdf = tmp_path / "c.pdf"
    write_pdf(DOCS["tax_certificate"], pdf)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYi" in fonts and " yes " in fonts


def test_long_list_breaks_pages_with_the_header_again(qapp, tmp_path):
    base = DOCS["tax_record_list"]
    assert isinstance(base, TaxRecordList)
    records = [
        LineItem("工资薪金所得", "广州示例科技有限公司", f"20{y:02d}-{m:02d}", 10000, date="", extra={})
        for y in range(20, 26)
        for m in range(1, 13)
    ]
    doc = dataclasses.replace(base, records=records)
    pdf = tmp_path / "long.pdf"
    pages = write_pdf(doc, pdf)
    assert pages >= 3
    text = pdf_text(pdf)
    assert text.count("扣缴义务人") >= pages  # the table header on every page
    assert f"第 {pages} 页 / 共 {pages} 页" in text
    assert "￥7,200.00" in text  # 72 records of ￥100.00, total on the last page
    assert "2025-12" in text


def test_unknown_system_printer_is_a_clear_error(qapp):
    with pytest.raises(A4PrintError, match="no system printer named 'nope'"):
        print_document(DOCS["tax_certificate"], "nope")


CUPS_PDF_PRINTER = "KioskPDF"


def test_silent_print_through_the_cups_spooler(qapp, tmp_path, decode_qr):
    """Needs cupsd with a cups-pdf queue: apt-get install cups printer-driver-cups-pdf; cupsd;
    lpadmin -p KioskPDF -E -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd (writes ~/PDF)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    if CUPS_PDF_PRINTER not in QPrinterInfo.availablePrinterNames():
        pytest.skip(f"no {CUPS_PDF_PRINTER} queue on this machine")
    job = f"kiosk-test-{tmp_path.name}"
    assert print_document(DOCS["tax_certificate"], CUPS_PDF_PRINTER, job) == 1
    out_dir = Path.home() / "PDF"
    deadline = time.monotonic() + 30
    while not list(out_dir.glob(f"{job}*.pdf")) and time.monotonic() < deadline:
        time.sleep(0.2)
    [spooled] = list(out_dir.glob(f"{job}*.pdf"))
    time.sleep(0.5)  # cups-pdf renames the file when it has finished writing it
    [page] = pdf_pages(spooled, tmp_path, 150)
    assert decode_qr(page) == [DOCS["tax_certificate"].verify_payload]
    spooled.unlink()


def test_a_number_too_long_for_its_cell_gets_a_second_line_not_cut_off(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A voucher's item cell held "城乡居民医疗保险 2026 第1档 110***********1233": the masked ID is
    one word wider than the column, so word wrapping alone let it run past the edge, where it was cut."""
    from PySide6.QtGui import QPdfWriter

    from kiosk.documents.a4 import _Layout, _Units

    device = QPdfWriter(str(tmp_path / "probe.pdf"))
    device.setResolution(300)
    lay = _Layout(device, "WenQuanYi Micro Hei", _Units(device.logicalDpiX() / 25.4))
    font = lay.font(9)
    one_line = lay.height_of("110", font, 22.0)
    assert lay.width_of("110***********1233", font) > 22.0  # wider than the cell ...
    assert lay.height_of("110***********1233", font, 22.0) > one_line * 1.4  # ... so its row grows a line
