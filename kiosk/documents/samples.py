"""One synthetic example of every document: the test page of diagnostics, tests and the bench.

Names include characters outside GB2312 (堃) so every printer path meets a raster line.
Amounts are in fen (taxcore/money.py).
"""

from __future__ import annotations

from kiosk.documents.forms import (
    PaymentReceipt,
    PaymentVoucher,
    QueueTicket,
    SmallAmountInvoice,
    SocialInsuranceList,
    SocialInsuranceSummary,
    TaxPaymentCertificate,
    TaxRecordList,
)
from kiosk.documents.model import Document, LineItem
from taxcore import doclink
from taxcore.docpayload import b64, canonical_json

OFFICE = "国家税务总局广州市天河区税务局"
HALL = "天河区办税服务厅"
TAXPAYER_ID = "44010619800101123X"
NAME = "王堃"
SITE = "https://etax.example.gov.cn"


def _verify(serial: str) -> tuple[str, str]:
    """A QR address and 验证码 shaped like the bureau's (taxcore/doclink.py); the payload is not signed."""
    link = doclink.link(SITE, b64(canonical_json({"s": serial})) + "." + b64(bytes(64)))
    return link, doclink.code_of(link)


def _iit_items() -> list[LineItem]:
    return [
        LineItem(
            "个人所得税",
            "工资薪金所得",
            "2026-09-01 至 2026-09-30",
            123450,
            "326046260900012345",
            "2026-10-15",
        ),
        LineItem(
            "个人所得税",
            "劳务报酬所得",
            "2026-10-01 至 2026-10-31",
            8800,
            "326046261000054321",
            "2026-11-12",
        ),
    ]


def _si_rows() -> list[LineItem]:
    rows = []
    for month in range(1, 7):
        period = f"2026-{month:02d}"
        date = f"2026-{month:02d}-15"
        for name, amount in (("企业职工基本养老保险", 53600), ("职工基本医疗保险", 13400), ("失业保险", 1340)):
            rows.append(LineItem(name, "", period, amount, date=date, extra={"base": "670000"}))
    return rows


def samples() -> dict[str, Document]:
    iit = _iit_items()
    return {
        "queue_ticket": QueueTicket(
            HALL, "A023", "综合业务 · General services", 5, "2026-11-22 09:41", "20261122000023"
        ),
        "payment_receipt": PaymentReceipt(
            HALL,
            "GD-DEMO-0001",
            TAXPAYER_ID,
            NAME,
            [LineItem("车船税", "乘用车", "2026-01-01 至 2026-12-31", 48000)],
            "微信支付",
            "4200002026112212345678",
            "2026-11-22 09:52:10",
            "20261122095210001",
        ),
        "payment_voucher": PaymentVoucher(
            "(2026)粤缴电 04412345",
            OFFICE,
            "2026-11-22",
            TAXPAYER_ID,
            NAME,
            "国家金库广州市天河区支库",
            [LineItem("车船税", "乘用车", "2026-01-01 至 2026-12-31", 48000, "326046261100098765")],
            *_verify("04412345"),
            "粤A·D12345 车船税",
        ),
        "tax_certificate": TaxPaymentCertificate(
            "(2026)粤电证 00012345",
            OFFICE,
            "2026-11-22",
            TAXPAYER_ID,
            NAME,
            iit,
            *_verify("00012345"),
        ),
        "tax_record_list": TaxRecordList(
            "(2026)粤个税记 00004567",
            NAME,
            "居民身份证",
            TAXPAYER_ID,
            TAXPAYER_ID,
            "2026-01 至 2026-10",
            [
                LineItem(
                    "工资薪金所得",
                    f"广州示例科技有限公司{'（分公司）' if m % 4 == 0 else ''}",
                    f"2026-{m:02d}",
                    123450 + m * 100,
                    date=f"2026-{m + 1:02d}-15",
                    extra={"filed": f"2026-{m + 1:02d}-10"},
                )
                for m in range(1, 11)
            ],
            *_verify("00004567"),
            "2026-11-22",
        ),
        "si_payment_list": SocialInsuranceList(
            "(2026)粤社缴 00112233",
            NAME,
            TAXPAYER_ID,
            "2026-01 至 2026-06",
            _si_rows(),
            *_verify("00112233"),
            "2026-11-22",
        ),
        "si_payment_summary": SocialInsuranceSummary(
            "(2026)粤社汇 00112234",
            NAME,
            TAXPAYER_ID,
            "2026-01 至 2026-06",
            _si_rows(),
            *_verify("00112234"),
            "2026-11-22",
        ),
        "small_invoice": SmallAmountInvoice(
            "26442000000012345678",
            "2026-11-22",
            "广州某某餐饮店",
            "92440106MA5XXXXX1A",
            NAME,
            TAXPAYER_ID,
            [
                LineItem(
                    "*生活服务*家政服务费",
                    "",
                    "",
                    97087,
                    extra={"unit": "次", "qty": "1", "price": "970.87", "rate": "3%", "tax": "2913"},
                )
            ],
            *_verify("26442000000012345678"),
            OFFICE,
        ),
    }
