"""Every document printed to the simulated printer and read back from the bytes."""

from __future__ import annotations

import pytest

from drivers.printer.chinese import encode_line
from drivers.printer.jobs import JobState
from drivers.printer.layout import PrinterProfile, encode
from drivers.printer.parser import EscPosParser, PrintedBarcode, PrintedImage, PrintedQR, printed_lines
from kiosk.documents.model import Verification
from kiosk.documents.receipt import to_receipt, wrap
from kiosk.documents.samples import samples
from taxcore.money import yuan

DOCS = samples()

# What a person checks on each slip: the heading, their name, amounts, the number to quote.
EXPECTED = {
    "queue_ticket": ["排队取号凭条", "A023", "前面等候：5 人"],
    "payment_receipt": ["缴费回执", "纳税人名称：王堃", "车船税", "￥480.00", "支付订单号：4200002026112212345678"],
    "payment_voucher": [
        "中华人民共和国税收缴款凭证",
        "No. (2026)粤缴电 04412345",
        "收款国库：国家金库广州市天河区支库",
        "￥480.00",
        "（大写）肆佰捌拾元整",
        f"验证码：{DOCS['payment_voucher'].verify_code}",
        "查验网址：https://etax.example.gov.cn/v",
    ],
    "tax_certificate": [
        "中华人民共和国税收完税证明",
        "纳税人识别号：44010619800101123X",
        "工资薪金所得",
        "￥1,234.50",
        "￥1,322.50",
        "（大写）壹仟叁佰贰拾贰元伍角整",
        f"验证码：{DOCS['tax_certificate'].verify_code}",
    ],
    "tax_record_list": ["个人所得税纳税记录", "记录期间：2026-01 至 2026-10", "￥1,244.50", "查验网址："],
    "si_payment_list": ["社会保险费缴费清单", "企业职工基本养老保险", "￥536.00", "￥4,100.40", "扫码或登录税务局网站"],
    "si_payment_summary": ["社会保险费缴费汇总清单", "失业保险", "￥80.40", "￥4,100.40", "（大写）肆仟壹佰元肆角整"],
    "small_invoice": [
        "电子发票（普通发票）",
        "销售方名称：王堃",
        "*生活服务*家政服务费",
        "￥970.87",
        "￥29.13",
        "￥1,000.00",
        "（大写）壹仟元整",
        f"验证码：{DOCS['small_invoice'].verify_code}",
    ],
}


@pytest.mark.parametrize("kind", sorted(DOCS))
def test_document_prints_and_reads_back(rig, kind):
    doc = DOCS[kind]
    out = rig.printer.print_layout(f"{kind}-1", kind, to_receipt(doc))
    assert out.state is JobState.PRINTED
    [receipt] = rig.sim.receipts()
    text = "\n".join(printed_lines(receipt))
    for expected in EXPECTED[kind]:
        assert expected in text, expected
    assert "¥" not in text and "?" not in text.replace("?c=", "")
    qrs = [e.data for e in receipt if isinstance(e, PrintedQR)]
    assert qrs == [b.qr_payload for b in doc.blocks() if isinstance(b, Verification)]
    assert rig.sim.unknown_commands() == []


def test_rare_name_character_goes_as_raster_on_gb2312():
    profile = PrinterProfile(charset="GB2312")
    data = encode(to_receipt(DOCS["tax_certificate"]), profile)
    events = EscPosParser("GB2312").feed(data)
    lines = printed_lines(events)
    assert "纳税人识别号：44010619800101123X" in lines
    assert not any("堃" in line for line in lines)  # 堃 is not in GB2312...
    images = [e.image for e in events if isinstance(e, PrintedImage)]
    assert len(images) == 1  # ...so exactly the name line was drawn with the bundled font
    assert 8 * 16 <= images[0].width <= profile.width_dots and 24 <= images[0].height <= 40
    assert "王堃".encode("gbk") not in data


def test_gb18030_printer_prints_the_rare_character_as_text():
    events = EscPosParser("GB18030").feed(encode(to_receipt(DOCS["tax_certificate"]), PrinterProfile()))
    assert "纳税人名称：王堃" in printed_lines(events)
    assert not any(isinstance(e, PrintedImage) for e in events)


def test_raster_mode_sends_no_text_and_its_qr_decodes(decode_qr):
    doc = DOCS["tax_certificate"]
    profile = PrinterProfile(raster_only=True)
    events = EscPosParser().feed(encode(to_receipt(doc), profile))
    assert printed_lines(events) == []
    images = [e.image for e in events if isinstance(e, PrintedImage)]
    found = [payload for img in images for payload in decode_qr(img)]
    assert found == [doc.verify_payload]


def test_printer_without_native_qr_gets_a_decodable_image(decode_qr):
    profile = PrinterProfile(native_qr=False)
    events = EscPosParser().feed(encode(to_receipt(DOCS["small_invoice"]), profile))
    assert not any(isinstance(e, PrintedQR) for e in events)
    found = [p for e in events if isinstance(e, PrintedImage) for p in decode_qr(e.image)]
    invoice = DOCS["small_invoice"]
    assert found == [invoice.verify_payload]
    assert f"验证码：{invoice.verify_code}" in printed_lines(events)  # the code stays text


def test_queue_ticket_number_as_hardware_code128():
    events = EscPosParser().feed(encode(to_receipt(DOCS["queue_ticket"]), PrinterProfile()))
    assert [e.data for e in events if isinstance(e, PrintedBarcode)] == ["20261122000023"]


@pytest.mark.parametrize("charset", ["GB18030", "GBK", "GB2312"])
def test_yen_sign_never_becomes_a_four_byte_code(charset):
    data = encode_line(f"合计 ¥{yuan(12)} ¥3", charset)
    assert data is not None
    assert b"\x81\x30\x84\x36" not in data  # GB18030's four-byte U+00A5
    assert data.count("￥".encode(charset.lower())) == 3


@pytest.mark.parametrize("columns", [48, 32])  # 80 mm and 58 mm paper
def test_lines_fit_the_roll(columns):
    for doc in DOCS.values():
        for block in to_receipt(doc, columns).blocks:
            text = getattr(block, "text", "")
            scale = getattr(block, "scale", 1)
            assert len(wrap(text, columns // scale)) == 1, text


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64])
def test_a_receipt_split_anywhere_on_the_wire_reads_the_same(chunk: int) -> None:
    """A serial line hands the printer bytes in arbitrary pieces: the QR, the Chinese text and
    the cut must come out the same as when the whole job arrives at once."""
    data = encode(to_receipt(DOCS["tax_certificate"]), PrinterProfile())
    whole = EscPosParser().feed(data)
    parser = EscPosParser()
    pieces = [e for i in range(0, len(data), chunk) for e in parser.feed(data[i : i + chunk])]
    assert pieces == whole
    code = DOCS["tax_certificate"].verify_code
    assert any(isinstance(e, PrintedQR) for e in pieces) and f"验证码：{code}" in printed_lines(pieces)
