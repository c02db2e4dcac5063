"""The public verification page: anyone with a phone or a browser checks a tax document.

`/v/<payload>` is what a document's QR opens (taxcore/doclink.py): the signature is checked with
the bureau's key and the document must be on record with that very payload. `/v?code=` finds a
document by the 验证码 printed under its QR. Either way the page says genuine or not and shows a
masked summary to compare with the paper. No login, no script, nothing from outside.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.engine import Engine

from bureau import docsign, store
from bureau.auth import Db
from bureau.verify_html import HEADERS, page
from taxcore import doclink
from taxcore.masking import mask_name

router = APIRouter(tags=["public"])
CHINA = datetime.timezone(datetime.timedelta(hours=8))  # no daylight saving
MAX_PAYLOAD = 4096

DOCUMENT_NAMES = {
    "iit_certificate": "个人所得税完税证明",
    "tax_record_list": "个人所得税纳税记录",
    "si_payment_list": "社会保险费缴费清单",
    "si_summary": "社会保险费缴费汇总清单",
    "payment_voucher": "电子缴款凭证",
    "invoice": "代开发票",
}

GENUINE = ("good", "✔ 真实有效", "这份文书由税务机关开具，内容与税务机关的记录一致。请核对下列信息与纸质文书是否相同。")
FORGED = ("bad", "✘ 未通过查验",
          "二维码中的签名无效：这份文书可能是伪造的，或二维码被改动过。请不要采信，可向税务机关咨询。")
NOT_ON_RECORD = ("bad", "✘ 未通过查验", "税务机关没有这份文书的开具记录。请不要采信，可向税务机关咨询。")
CODE_UNKNOWN = ("bad", "✘ 查无此验证码",
                "没有文书使用这个验证码。请对照纸质文书重新输入；如仍查不到，这份文书可能不是税务机关开具的。")
CODE_MALFORMED = ("info", "请重新输入", "验证码是16位数字（印在二维码旁），请对照纸质文书重新输入。")


def _reply(request: Request, verdict: tuple[str, str, str] | None, row: Any = None, typed: str = "",
           status: int = 200) -> HTMLResponse:
    html = page(verdict, _summary(row) if row is not None else [], request.url_for("verify_by_code").path, typed)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


@router.get("/v", response_class=HTMLResponse, name="verify_by_code", responses={400: {}, 404: {}})
def verify_by_code(request: Request, engine: Db,
                   code: Annotated[str | None, Query(max_length=64)] = None) -> HTMLResponse:
    """The form to type a 验证码, and its answer: 404 when no document has it, 400 when it is no 16-digit code."""
    if code is None:
        return _reply(request, None)
    digits = doclink.typed_code(code)
    if digits is None:
        return _reply(request, CODE_MALFORMED, typed=code, status=400)
    with engine.connect() as conn:
        rows = conn.execute(store.documents.select().where(store.documents.c.verify_code == digits)).all()
    if len(rows) != 1:  # none, or (once in 10^16) two documents share it: the QR decides then
        return _reply(request, CODE_UNKNOWN, typed=code, status=404)
    return _reply(request, GENUINE, rows[0], typed=doclink.spaced(digits))


@router.get("/v/{payload}", response_class=HTMLResponse)
def verify_by_qr(payload: str, request: Request, engine: Db) -> HTMLResponse:
    """What a document's QR opens: genuine only if signed by this bureau and on record with this payload."""
    claims = docsign.verify(engine, payload) if len(payload) <= MAX_PAYLOAD else None
    if claims is None:
        return _reply(request, FORGED)
    with engine.connect() as conn:
        row = conn.execute(store.documents.select().where(store.documents.c.serial == str(claims.get("s")))).first()
    if row is None or row.qr != payload:
        return _reply(request, NOT_ON_RECORD)
    return _reply(request, GENUINE, row)


def _summary(row: Any) -> list[tuple[str, str]]:
    """What the paper shows, to compare: kind, number, masked holder, amount, date, 验证码."""
    body: dict[str, Any] = row.body or {}
    invoice = row.kind == "invoice"
    rows = [
        ("文书种类", DOCUMENT_NAMES.get(row.kind, "税务文书")),
        ("发票号码" if invoice else "文书编号", row.serial),
        ("销售方" if invoice else "纳税人", mask_name(str(body.get("taxpayer_name") or "")) or "—"),
        ("证件号码", str(body.get("id_number_masked") or "—")),
    ]
    if invoice and body.get("buyer_name"):
        rows.append(("购买方", mask_name(str(body["buyer_name"]))))
    if body.get("year"):
        rows.append(("所属年度", f"{body['year']}年"))
    if isinstance(body.get("total_cents"), int):
        rows.append(("价税合计" if invoice else "金额合计", f"¥{Decimal(body['total_cents']) / 100:,.2f}"))
    issued = datetime.datetime.fromtimestamp(row.issued_at, CHINA)
    rows += [("开具时间", issued.strftime("%Y-%m-%d %H:%M")), ("验证码", doclink.spaced(doclink.verify_code(row.qr)))]
    return rows


def fill_missing_codes(engine: Engine) -> int:
    """Give documents issued before 验证码s existed theirs, so the page finds them too."""
    d = store.documents
    with engine.begin() as conn:
        missing = conn.execute(sa.select(d.c.serial, d.c.qr).where(d.c.verify_code.is_(None))).all()
        for serial, qr in missing:
            conn.execute(d.update().where(d.c.serial == serial).values(verify_code=doclink.verify_code(qr)))
    return len(missing)
