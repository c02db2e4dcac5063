"""The team's browser fixture itself: Debian's Chromium opens our pages, with and without
JavaScript, and a page that reaches for a CDN is caught (the tax hall's network is closed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import PageOpener, require_chromium
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>查验</title>
<link rel="stylesheet" href="https://cdn.example.com/ui.css">
<script src="https://cdn.example.com/lib.js"></script></head>
<body><h1 id="h">税收证明查验</h1><form method="get" action="/echo"><input name="code"><button>查验</button></form>
<script>document.getElementById('h').dataset.js = typeof window.cdnLib === 'undefined' ? 'no-cdn' : 'cdn';</script>
</body></html>"""


def demo_app() -> FastAPI:
    app = FastAPI()

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        return PAGE

    @app.get("/echo", response_class=HTMLResponse)
    def echo(code: str) -> str:
        return f'<!doctype html><meta charset="utf-8"><p id="got">收到 {code}</p>'

    return app


def test_a_form_submits_without_javascript(new_page: PageOpener, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server(demo_app())
    page = new_page(javascript=False)
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "税收证明查验"
    assert page.locator("h1").get_attribute("data-js") is None  # the inline script did not run
    page.fill("input[name=code]", "ABCD1234")
    page.click("button")
    assert page.locator("#got").inner_text() == "收到 ABCD1234"
    assert new_page.outside == ["https://cdn.example.com/ui.css"]  # without JavaScript no script is fetched
    new_page.outside.clear()  # seen and asserted: the fixture would otherwise fail this test


def test_a_cdn_request_is_refused_and_noted(new_page: PageOpener, live_server) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    page.goto(live_server(demo_app()) + "/")
    assert page.locator("h1").get_attribute("data-js") == "no-cdn"  # JavaScript ran; the CDN script never came
    assert sorted(new_page.outside) == ["https://cdn.example.com/lib.js", "https://cdn.example.com/ui.css"]
    new_page.outside.clear()


def test_a_missing_chromium_fails_with_the_install_command(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        require_chromium(tmp_path / "chromium")
