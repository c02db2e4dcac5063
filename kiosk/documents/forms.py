"""The documents themselves, in the content and order of the official forms.

Field order follows the forms people know: 税收完税证明 and 税收缴款书 (head: issuing office,
date, taxpayer; body: one line per tax with period and amount; foot: total in capital figures,
seal, remarks), 个人所得税纳税记录, 社会保险费缴费清单/汇总, and a roll invoice (卷式发票).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.documents.model import (
    Barcode,
    BigText,
    Block,
    Fields,
    Holder,
    LineItem,
    Note,
    Signature,
    Table,
    Title,
    Total,
    Verification,
)
from taxcore.money import Fen, yuan


def _sum(items: Sequence[LineItem]) -> Fen:
    return sum(i.amount for i in items)


@dataclass(frozen=True)
class QueueTicket:
    kind = "queue_ticket"
    a4 = False
    hall: str
    number: str  # A023
    business: str
    waiting: int | None  # None when the terminal is offline and cannot know
    issued_at: str
    ticket_id: str  # digits, for the counter's scanner

    def blocks(self) -> list[Block]:
        waiting = (f"{self.waiting} 人" if self.waiting is not None
                   else "暂不知道，请留意大厅叫号屏 · unknown: see the hall display")
        return [
            Title(self.hall, "排队取号凭条 · Queue ticket"),
            BigText(self.number),
            Fields([("业务类型", self.business), ("前面等候", waiting), ("取号时间", self.issued_at)], 1),
            Barcode(self.ticket_id),
            Note("请留意叫号，过号请重新取号。Please watch for your number; a missed number needs a new ticket."),
        ]


@dataclass(frozen=True)
class AppointmentSlip:
    """预约办税凭条: what was booked, for when, and the code the counter looks it up by."""

    kind = "appointment_slip"
    a4 = False
    hall: str
    business: str
    slot: str  # 2026-12-03 10:00
    id_number_masked: str
    booking_code: str  # short, to read out at the counter
    booked_at: str
    confirmed: bool = True  # False: a request made offline, not yet confirmed by the bureau
    phone: bool = False  # a phone number was given (the outcome comes by text message)

    def blocks(self) -> list[Block]:
        status = ("已确认 · confirmed" if self.confirmed else
                  "待确认 · not yet confirmed: " + ("短信通知结果 · by text message" if self.phone
                                                    else "凭身份证在本机查询或致电12366 · check here or call 12366"))
        return [
            Title(self.hall, "预约办税凭条 · Appointment" if self.confirmed else "预约申请凭条 · Appointment request"),
            BigText(self.slot.split(" ", 1)[1]),  # 周二 上午 09:00: the date is in the fields below
            Fields([("预约时段", self.slot), ("预约状态", status), ("业务类型", self.business),
                    ("证件号码", self.id_number_masked), ("预约编号", self.booking_code),
                    ("登记时间", self.booked_at)], 1),
            Note("请在预约时间携带本人身份证件到大厅，凭预约编号优先办理。"
                 "Please come at the booked time with your ID; quote the booking code at the counter."),
        ]


@dataclass(frozen=True)
class PaymentReceipt:
    """The kiosk's own slip after a payment: what was paid, how, and the order to quote."""

    kind = "payment_receipt"
    a4 = False
    hall: str
    terminal_id: str
    taxpayer_id: str
    taxpayer_name: str
    items: Sequence[LineItem]
    channel: str  # 微信 / 支付宝 / 银联
    order_no: str
    paid_at: str
    transaction_id: str

    def blocks(self) -> list[Block]:
        return [
            Title("缴费回执", "Payment receipt"),
            Fields(
                [
                    ("办税服务厅", self.hall),
                    ("终端编号", self.terminal_id),
                    ("纳税人识别号", self.taxpayer_id),
                    ("纳税人名称", self.taxpayer_name),
                ],
                1,
            ),
            Table(
                ["税(费)种", "所属期", "金额"],
                [[i.name, i.period, yuan(i.amount)] for i in self.items],
                [3, 4, 2],
                numeric=[2],
            ),
            Total("合计", _sum(self.items), in_words=False),
            Fields([("支付方式", self.channel), ("支付订单号", self.order_no), ("支付时间", self.paid_at)], 1),
            Barcode(self.transaction_id),
            Note("本回执不作为完税凭证；缴款凭证可在本机打印。This slip is not a tax certificate."),
        ]


@dataclass(frozen=True)
class PaymentVoucher:
    """缴款凭证: the official proof that a payment reached the treasury."""

    kind = "payment_voucher"
    a4 = True
    number: str  # 票证字号
    office: str  # 税务机关
    issued_on: str  # 填发日期
    taxpayer_id: str
    taxpayer_name: str
    treasury: str  # 收款国库
    items: Sequence[LineItem]
    verify_payload: str
    verify_code: str
    remark: str = ""

    def blocks(self) -> list[Block]:
        return [
            Title("中华人民共和国税收缴款凭证", "", self.number),
            Holder(self.taxpayer_name, self.taxpayer_id),
            Fields(
                [
                    ("填发日期", self.issued_on),
                    ("税务机关", self.office),
                    ("纳税人识别号", self.taxpayer_id),
                    ("纳税人名称", self.taxpayer_name),
                    ("收款国库", self.treasury),
                    ("缴款方式", "自助终端电子缴税"),
                ]
            ),
            Table(
                ["原凭证号", "税种", "品目名称", "税款所属时期", "实缴金额"],
                [[i.voucher_no, i.name, i.item, i.period, yuan(i.amount)] for i in self.items],
                [2.2, 2.6, 4.0, 4.4, 2.2],
                numeric=[4],
                receipt_columns=[1, 3, 4],
            ),
            Total("金额合计", _sum(self.items)),
            Signature(self.office),
            Note("备注：" + (self.remark or "无")),
            Verification(self.verify_payload, self.verify_code),
        ]


@dataclass(frozen=True)
class TaxPaymentCertificate:
    """中华人民共和国税收完税证明 (individual income tax)."""

    kind = "tax_certificate"
    a4 = True
    number: str  # 证明编号
    office: str
    issued_on: str
    taxpayer_id: str
    taxpayer_name: str
    items: Sequence[LineItem]
    verify_payload: str
    verify_code: str

    def blocks(self) -> list[Block]:
        return [
            Title("中华人民共和国税收完税证明", "", self.number),
            Holder(self.taxpayer_name, self.taxpayer_id),
            Fields(
                [
                    ("填发日期", self.issued_on),
                    ("税务机关", self.office),
                    ("纳税人识别号", self.taxpayer_id),
                    ("纳税人名称", self.taxpayer_name),
                ]
            ),
            Table(
                ["原凭证号", "税种", "品目名称", "税款所属时期", "入(退)库日期", "实缴(退)金额"],
                [[i.voucher_no, i.name, i.item, i.period, i.date, yuan(i.amount)] for i in self.items],
                [3.6, 1.9, 2.4, 4.6, 2.2, 2.3],
                numeric=[5],
                receipt_columns=[2, 3, 5],
            ),
            Total("金额合计", _sum(self.items)),
            Signature(self.office),
            Note("妥善保管。本证明不作纳税人记账、抵扣凭证。"),
            Verification(self.verify_payload, self.verify_code),
        ]


@dataclass(frozen=True)
class TaxRecordList:
    """个人所得税纳税记录 (纳税清单) for a span of months."""

    kind = "tax_record_list"
    a4 = True
    number: str
    taxpayer_name: str
    id_type: str
    id_number: str
    taxpayer_id: str
    span: str  # 2025-01 至 2025-12
    records: Sequence[LineItem]  # name=所得项目, item=扣缴义务人, date=申报日期
    verify_payload: str
    verify_code: str
    issued_on: str

    def blocks(self) -> list[Block]:
        return [
            Title("个人所得税纳税记录", "", self.number),
            Holder(self.taxpayer_name, self.id_number),
            Fields(
                [
                    ("纳税人姓名", self.taxpayer_name),
                    ("纳税人识别号", self.taxpayer_id),
                    ("身份证件类型", self.id_type),
                    ("身份证件号码", self.id_number),
                    ("记录期间", self.span),
                    ("开具日期", self.issued_on),
                ]
            ),
            Table(
                ["申报日期", "所得项目", "税款所属期", "入库日期", "扣缴义务人", "实缴(退)金额"],
                [[r.extra.get("filed", ""), r.name, r.period, r.date, r.item, yuan(r.amount)] for r in self.records],
                [2.2, 2.6, 2.2, 2.2, 4.4, 2.4],
                numeric=[5],
                receipt_columns=[1, 2, 5],
            ),
            Total("金额合计", _sum(self.records)),
            Note(
                "说明：本记录中的税款所属期为纳税人取得所得的期间；记录仅反映已入库税款。"
            ),
            Verification(self.verify_payload, self.verify_code),
        ]


@dataclass(frozen=True)
class SocialInsuranceList:
    """社会保险费缴费清单: one row per insurance and month."""

    kind = "si_payment_list"
    a4 = True
    number: str
    payer_name: str
    id_number: str
    span: str
    rows: Sequence[LineItem]  # name=险种, period=费款所属期, amount=个人缴费, date=缴费日期, extra: base, employer
    verify_payload: str
    verify_code: str
    issued_on: str

    def blocks(self) -> list[Block]:
        return [
            Title("社会保险费缴费清单", "", self.number),
            Holder(self.payer_name, self.id_number),
            Fields(
                [
                    ("缴费人姓名", self.payer_name),
                    ("证件号码", self.id_number),
                    ("查询期间", self.span),
                    ("打印日期", self.issued_on),
                ]
            ),
            Table(
                ["费款所属期", "险种", "缴费基数", "单位缴费", "个人缴费", "缴费日期"],
                [
                    [r.period, r.name, yuan(int(r.extra.get("base", "0"))),
                     yuan(int(r.extra["employer"])) if "employer" in r.extra else "", yuan(r.amount), r.date]
                    for r in self.rows
                ],
                [2.2, 3.6, 2.4, 2.4, 2.4, 2.4],
                numeric=[2, 3, 4],
                receipt_columns=[0, 1, 4],
            ),
            Total("个人缴费合计", _sum(self.rows)),
            Verification(self.verify_payload, self.verify_code),
        ]


@dataclass(frozen=True)
class SocialInsuranceSummary:
    """社会保险费缴费汇总清单: per insurance, months paid and totals."""

    kind = "si_payment_summary"
    a4 = True
    number: str
    payer_name: str
    id_number: str
    span: str
    rows: Sequence[LineItem]  # same rows as the list; summed here per insurance
    verify_payload: str
    verify_code: str
    issued_on: str

    def blocks(self) -> list[Block]:
        per: dict[str, list[LineItem]] = {}
        for r in self.rows:
            per.setdefault(r.name, []).append(r)
        table = [
            [
                name,
                f"{len({r.period for r in rs})}",
                min(r.period for r in rs) + " 至 " + max(r.period for r in rs),
                yuan(_sum(rs)),
            ]
            for name, rs in per.items()
        ]
        return [
            Title("社会保险费缴费汇总清单", "", self.number),
            Holder(self.payer_name, self.id_number),
            Fields(
                [
                    ("缴费人姓名", self.payer_name),
                    ("证件号码", self.id_number),
                    ("查询期间", self.span),
                    ("打印日期", self.issued_on),
                ]
            ),
            Table(["险种", "缴费月数", "缴费期间", "缴费金额合计"], table, [4, 2, 5, 3], numeric=[1, 3]),
            Total("缴费总计", _sum(self.rows)),
            Verification(self.verify_payload, self.verify_code),
        ]


@dataclass(frozen=True)
class SmallAmountInvoice:
    """代开小额发票: a roll invoice at the kiosk, and its A4 copy for the archive and the buyer."""

    kind = "small_invoice"
    a4 = True
    invoice_no: str  # 20-digit 发票号码
    issued_on: str
    buyer_name: str
    buyer_id: str
    seller_name: str
    seller_id: str
    items: Sequence[LineItem]  # name=项目名称, extra: qty, unit, price, rate, tax
    verify_payload: str
    verify_code: str
    office: str
    remark: str = ""

    def blocks(self) -> list[Block]:
        total = _sum(self.items) + sum(int(i.extra.get("tax", "0")) for i in self.items)
        return [
            Title("电子发票（普通发票）", "", self.invoice_no),
            Holder(self.seller_name, self.seller_id),
            Fields(
                [
                    ("发票号码", self.invoice_no),
                    ("开票日期", self.issued_on),
                    ("购买方名称", self.buyer_name),
                    ("购买方纳税人识别号", self.buyer_id),
                    ("销售方名称", self.seller_name),
                    ("销售方纳税人识别号", self.seller_id),
                ]
            ),
            Table(
                ["项目名称", "单位", "数量", "单价", "金额", "税率", "税额"],
                [
                    [
                        i.name,
                        i.extra.get("unit", ""),
                        i.extra.get("qty", "1"),
                        i.extra.get("price", ""),
                        yuan(i.amount),
                        i.extra.get("rate", ""),
                        yuan(int(i.extra.get("tax", "0"))),
                    ]
                    for i in self.items
                ],
                [4.5, 1.4, 1.4, 2, 2.4, 1.4, 2],
                numeric=[2, 3, 4, 5, 6],
                receipt_columns=[0, 4, 6],
            ),
            Total("价税合计", total),
            Fields([("备注", self.remark or "税务机关代开"), ("开票人", "自助终端")], 2),
            Signature(self.office),
            Verification(self.verify_payload, self.verify_code),
        ]


DOCUMENT_KINDS = {
    cls.kind: cls
    for cls in (
        QueueTicket,
        PaymentReceipt,
        PaymentVoucher,
        TaxPaymentCertificate,
        TaxRecordList,
        SocialInsuranceList,
        SocialInsuranceSummary,
        SmallAmountInvoice,
    )
}
