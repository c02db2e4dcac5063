"""The public verification page's HTML: plain, Chinese, readable on a phone, no script, no outside asset.

Everything shown comes through `html.escape`; the page's headers forbid scripts, frames and any
request off this bureau (`HEADERS`), so it works, and is safe, on a closed hall network.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",  # the address carries the document's payload
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}

_STYLE = """
body{margin:0;font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;
 font-size:18px;line-height:1.6;color:#1a1a1a;background:#f4f6f8}
header{background:#b3261e;color:#fff;padding:14px 20px}
header h1{margin:0;font-size:24px}
main{max-width:720px;margin:0 auto;padding:16px}
.verdict{border-radius:8px;padding:16px 20px;margin:0 0 16px;border:3px solid}
.verdict .big{font-size:30px;font-weight:bold;margin:0 0 6px}
.verdict p{margin:0}
.good{background:#e8f5e9;border-color:#2e7d32;color:#1b5e20}
.bad{background:#fdecea;border-color:#c62828;color:#8e0000}
.info{background:#fff8e1;border-color:#f9a825;color:#5d4200}
table{width:100%;border-collapse:collapse;background:#fff;margin:0 0 20px}
th,td{border:1px solid #c9ced6;padding:8px 10px;text-align:left;vertical-align:top}
th{width:34%;background:#eef1f5;font-weight:normal;color:#333}
td{word-break:break-all}
form{background:#fff;border:1px solid #c9ced6;border-radius:8px;padding:16px}
label{display:block;font-weight:bold;margin:0 0 8px}
input{font-size:24px;padding:10px;width:100%;box-sizing:border-box;letter-spacing:2px}
button{font-size:22px;padding:12px 28px;margin-top:12px;background:#b3261e;color:#fff;border:0;border-radius:6px}
.note{color:#555;font-size:15px}
"""


def page(verdict: tuple[str, str, str] | None, rows: Sequence[tuple[str, str]], form_action: str,
         typed: str = "") -> str:
    """A whole page: the verdict (css class, headline, explanation), the document's summary rows and
    the 验证码 form (prefilled with what was `typed`)."""
    parts = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>税务文书真伪查验</title><style>", _STYLE, "</style></head><body>",
        "<header><h1>税务文书真伪查验</h1></header><main>",
    ]
    if verdict is not None:
        kind, headline, why = verdict
        parts.append(f'<section id="verdict" class="verdict {escape(kind)}" role="status">'
                     f'<p class="big">{escape(headline)}</p><p>{escape(why)}</p></section>')
    if rows:
        parts.append('<table id="summary"><caption hidden>文书信息</caption>')
        parts += [f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in rows]
        parts.append("</table>")
    parts += [
        f'<form id="code-form" method="get" action="{escape(form_action)}">',
        '<label for="code">输入文书上的验证码（16位数字）</label>',
        f'<input id="code" name="code" inputmode="numeric" autocomplete="off" maxlength="40" value="{escape(typed)}">',
        "<button type=\"submit\">查验</button></form>",
        '<p class="note">扫描文书上的二维码，或输入二维码旁的验证码，即可查验文书是否由税务机关开具。'
        "请将查验结果与纸质文书的编号、金额和日期逐项核对；姓名和证件号码只显示部分。</p>",
        "</main></body></html>",
    ]
    return "".join(parts)
