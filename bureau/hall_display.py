"""The hall display (大厅叫号屏): called numbers, people waiting, the comfort index, staff calls.

Plain HTML for the hall's big screen: no script, no outside font or stylesheet (the hall network
is closed); the page reloads itself every few seconds with a meta refresh. Public: it shows
ticket numbers and terminal ids, never a name or an ID number.
"""

from __future__ import annotations

import datetime
import html
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from bureau import hall
from bureau.auth import Db

router = APIRouter(tags=["hall"])
REFRESH_S = 5
LEVELS = {"fewer": ("较少", "quiet"), "moderate": ("适中", "moderate"), "more": ("较多", "busy")}
STYLE = """
body { margin: 0; padding: 2vh 3vw; background: #0b2545; color: #fff; font-family: "WenQuanYi Micro Hei",
       "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 4vh; margin: 0 0 2vh; }
.now { background: #fff; color: #0b2545; border-radius: 1vh; padding: 2vh 2vw; font-size: 7vh; font-weight: bold; }
.now small, .en { font-size: 2.6vh; font-weight: normal; opacity: .8; }
table { border-collapse: collapse; font-size: 3.4vh; margin-top: 2vh; }
td, th { padding: .6vh 1.6vw; text-align: left; }
.cols { display: flex; gap: 4vw; }
.help { background: #ffd166; color: #000; padding: 1.5vh 2vw; font-size: 4vh; margin-top: 2vh; border-radius: 1vh; }
.fewer { color: #8ef0a7; } .more { color: #ff9b85; }
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def open_now(hours: dict[str, Any], now: datetime.datetime) -> bool:
    return now.isoweekday() in hours["days"] and hours["open"] <= now.strftime("%H:%M") < hours["close"]


def _calls(calls: list[dict[str, Any]]) -> str:
    if not calls:
        return "<div class='now' id='now'>暂未叫号 <small>No numbers called yet</small></div>"
    first, rest = calls[0], calls[1:]
    rows = "".join(f"<tr><td>{_e(c['number'])}</td><td>{_e(c['counter'])} 号窗口</td></tr>" for c in rest)
    return (f"<div class='now' id='now'>请 {_e(first['number'])} 号到 {_e(first['counter'])} 号窗口"
            f"<br><small>Number {_e(first['number'])}, please go to counter {_e(first['counter'])}</small></div>"
            f"<table id='called'><tr><th>已叫号 Called</th><th></th></tr>{rows}</table>")


def _waiting(waiting: dict[str, int]) -> str:
    rows = "".join(f"<tr><td>{_e(letter)} 字头</td><td>等候 {n} 人 <span class='en'>{n} waiting</span></td></tr>"
                   for letter, n in waiting.items())
    return f"<table id='waiting'><tr><th>排队 Queue</th><th></th></tr>{rows or '<tr><td>无人等候</td></tr>'}</table>"


def _comfort(index: dict[str, Any], now: datetime.datetime) -> str:
    hours = index["hours"]
    head = f"<p>办税时间 {_e(hours['zh'])} <span class='en'>Hall hours {_e(hours['en'])}</span></p>"
    if not open_now(hours, now):
        return head + "<p id='comfort'>现在是非办税时间 <span class='en'>The counters are closed now</span></p>"
    today = index["levels"].get(str(now.isoweekday()), {})
    level = today.get(f"{now.hour:02d}")
    if level is None:
        return head + "<p id='comfort'>办税舒适度指数：暂无 <span class='en'>Comfort index: not yet known</span></p>"
    zh, en = LEVELS[level]
    cells = "".join(f"<td class='{lv}'>{h}:00<br>{LEVELS[lv][0]}</td>" for h, lv in today.items() if int(h) >= now.hour)
    return (head + f"<p id='comfort'>办税舒适度指数：现在来办税的人<b class='{level}'>{zh}</b>"
            f" <span class='en'>Comfort index: {en} now</span></p><table><tr>{cells}</tr></table>")


def _help(calls: list[dict[str, Any]]) -> str:
    return "".join(f"<div class='help'>终端 {_e(c['terminal_id'])} 需要工作人员协助 "
                   f"<span class='en'>Terminal {_e(c['terminal_id'])} needs help</span></div>" for c in calls)


@router.get("/hall/{hall_id}/display", response_class=HTMLResponse)
def display(hall_id: str, engine: Db) -> HTMLResponse:
    """The hall's calling screen; refreshes itself without JavaScript."""
    now = datetime.datetime.now()
    state = hall.board(engine, hall_id, now)
    index = hall.comfort(engine, hall_id, now.date())
    page = (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<meta http-equiv='refresh' content='{REFRESH_S}'><title>{_e(index['hours']['name'])} 叫号</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>{_e(index['hours']['name'])} · {now:%H:%M}</h1>"
        f"{_help(state['help'])}{_calls(state['calls'])}"
        f"<div class='cols'>{_waiting(state['waiting'])}<div>{_comfort(index, now)}</div></div>"
        "</body></html>"
    )
    return HTMLResponse(page)
