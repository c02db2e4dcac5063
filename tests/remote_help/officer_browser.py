"""The officer's side of a test call: Debian's Chromium with a fake camera and microphone on the console.

Used by the end-to-end tests and by bench/remote_help.py. Chromium's fake devices send a
moving test pattern and a periodic beep, so frames and audio energy arriving at the kiosk are real.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from bureau.remote_help import officers

FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
LOGIN, PASSWORD = "li.ming", "correct horse 9"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@contextmanager
def officer_chromium(executable: Path = Path("/usr/bin/chromium")) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(executable), headless=True,
                                     args=CHROMIUM_FLAGS + FAKE_MEDIA)
        try:
            yield browser
        finally:
            browser.close()


class Officer:
    """One signed-in console page."""

    def __init__(self, browser: Any, base_url: str, engine: Engine) -> None:
        officers.add(engine, LOGIN, "李明", PASSWORD)
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.page.goto(base_url + "/officer")
        self.page.fill("input[name=login]", LOGIN)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_selector("#link.up")

    def waiting(self) -> list[str]:
        return [t.strip() for t in self.page.locator("#calls li span").all_inner_texts()]

    def accept_first(self) -> None:
        self.page.locator("button.accept").first.click()

    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = self.page.evaluate("vtaxStats()")
        return stats

    def act(self, button: str, fill: dict[str, str] | None = None, select: dict[str, str] | None = None) -> None:
        for selector, value in (fill or {}).items():
            self.page.fill(selector, value)
        for selector, value in (select or {}).items():
            self.page.select_option(selector, value)
        self.page.click(button)

    def replies(self) -> list[dict[str, Any]]:
        replies: list[dict[str, Any]] = self.page.evaluate("vtax.replies")
        return replies

    def in_call(self) -> bool:
        return bool(self.page.evaluate("!document.getElementById('call').hidden"))

    def close(self) -> None:
        self.context.close()


def wait_for(what: Callable[[], Any], timeout_s: float = 20.0, step_s: float = 0.1) -> Any:
    """`what()` once it is truthy; AssertionError naming the last value after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = what()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still {value!r} after {timeout_s}s")
        time.sleep(step_s)
