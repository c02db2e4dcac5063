"""The bureau's issued documents (serial, body, signed QR) as the official forms in kiosk/documents/forms.py.

The bureau decides the content and signs it; this only puts its lines in the order and
wording of the paper forms. Amounts arrive in cents and are printed in yuan.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from typing import Any

from drivers.idcard.record import CardType
from kiosk.documents.forms import (
    PaymentVoucher,
    SocialInsuranceList,
    SocialInsuranceSummary,
    TaxPaymentCertificate,
    TaxRecordList,
)
from kiosk.documents.model import Document, LineItem
from taxcore import doclink

OFFICE = "国家税务总局广东省税务局"
TREASURY = "国家金库广东省分库"
IIT = "个人所得税"
INSURANCE = {"pension": "基本养老保险", "medical": "基本医疗保险", "unemployment": "失业保险"}
PAYMENT_KINDS = {"vehicle_tax": "车船税", "arrears": "欠缴税费", "si": "社会保险费", "fixed_quota": "定期定额税款",
                 "invoice_tax": "代开发票税款", "fee": "其他费用"}
ID_TYPES = {
    CardType.RESIDENT.value: "居民身份证",
    CardType.HMT_PERMIT.value: "港澳台居民居住证",
    CardType.FOREIGN_PR_2017.value: "外国人永久居留身份证",
    CardType.FOREIGN_PR_2023.value: "外国人永久居留身份证",
}


def _month_span(period: str) -> str:
    """2025-03 → 2025-03-01 至 2025-03-31 (how 税款所属时期 is written)."""
    year, month = (int(p) for p in period.split("-"))
    return f"{period}-01 至 {period}-{calendar.monthrange(year, month)[1]:02d}"


def _text(record: Mapping[str, Any], key: str) -> str:
    """A record's field as printed; "" where a record issued before the field existed has none."""
    value = record.get(key)
    return "" if value is None else str(value)


def _day(timestamp: Any) -> str:
    return datetime.datetime.fromtimestamp(float(timestamp)).strftime("%Y-%m-%d")


def to_form(service: str, issued: Mapping[str, Any], context: Mapping[str, Any]) -> Document:
    """The form to print for `issued` (the bureau's answer); the full ID number comes from the session."""
    body = issued["body"]
    serial, qr = str(issued["serial"]), str(issued["qr"])
    code = doclink.code_of(qr)
    number = str(context["id_number"])
    name = str(body["taxpayer_name"])
    on = _day(issued["issued_at"])
    lines = body.get("lines", [])
    span = f"{body.get('year')}-01 至 {body.get('year')}-12"
    if service == "iit_certificate":
        items = [LineItem(IIT, r["income_item"], _month_span(r["period"]), int(r["tax_cents"]),
                          voucher_no=_text(r, "voucher_no"), date=_text(r, "paid_on")) for r in lines]
        return TaxPaymentCertificate(serial, OFFICE, on, number, name, items, qr, code)
    if service == "tax_record_list":
        records = [LineItem(r["income_item"], r["withholding_agent"], r["period"], int(r["tax_cents"]),
                            date=_text(r, "paid_on"), extra={"filed": _text(r, "declared_on")}) for r in lines]
        id_type = ID_TYPES.get(str(context.get("card_type", "")), "居民身份证")
        return TaxRecordList(serial, name, id_type, number, number, span, records, qr, code, on)
    if service in ("si_payment_list", "si_summary"):
        rows = [LineItem(INSURANCE.get(r["insurance"], r["insurance"]), "", r["period"], int(r["personal_cents"]),
                         date=_text(r, "paid_on"),
                         extra={"base": str(int(r["base_cents"])), "employer": str(int(r["employer_cents"]))})
                for r in lines]
        form = SocialInsuranceList if service == "si_payment_list" else SocialInsuranceSummary
        return form(serial, name, number, span, rows, qr, code, on)
    if service in ("payment_voucher", "voucher_reprint"):  # printed with the payment, or again later
        paid_on = _day(body["paid_at"])
        items = [LineItem(line["tax"] or PAYMENT_KINDS["fee"], line["item"], line["period"] or paid_on,
                          int(line["amount_cents"]), voucher_no=line.get("voucher_no") or "")
                 for line in body["lines"]] if body.get("lines") else [  # vouchers issued before lines existed
            LineItem(PAYMENT_KINDS.get(i["kind"], i["kind"]), i["description"], paid_on, int(i["amount_cents"]),
                     voucher_no=str(body["order_id"])) for i in body["items"]]
        again = "补打 · " if service == "voucher_reprint" else ""
        return PaymentVoucher(serial, OFFICE, paid_on, number, name, TREASURY, items, qr, code,
                              remark=f"{again}支付订单号 {body['order_id']}")
    raise KeyError(f"no form for service {service!r}")
