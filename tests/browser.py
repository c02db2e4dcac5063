"""Web pages tested in a real browser: Debian's Chromium (/usr/bin/chromium) driven by Playwright.

Nothing here downloads a browser: Playwright is told where Debian's Chromium is
(`executable_path`), and a missing one fails the test with the command that installs it.
Every page runs on a closed network, as in a tax hall: a request that leaves the loopback
(a CDN's script, font or stylesheet) is refused and fails the test that made it.

Fixtures (registered for the whole suite by tests/conftest.py):
- `chromium`: the browser, one per test session.
- `new_page(javascript=True)`: a fresh page in its own context (no cookies shared), zh-CN.
- `page`: `new_page()` for the common case.
- `live_server(app)`: serves an ASGI app (the bureau) on a loopback port; returns its base URL.

Save screenshots as `path.write_bytes(page.screenshot())`, not `page.screenshot(path=...)`: Playwright
writes files from its event loop's executor threads, which outlive the test and fail the suite's
no-threads-left-behind check (tests/conftest.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

sys.path.append(str(Path(__file__).parent / "outbox"))  # bureau_thread; appended: folders import their own `conftest`
from bureau_thread import ThreadedServer  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
TIMEOUT_MS = 15_000  # a shared 2-core machine: the first page of a session can take seconds


def require_chromium(path: Path = CHROMIUM) -> Path:
    """`path` if Chromium is installed there, else fail the test saying how to install it."""
    if not path.is_file():
        pytest.fail(
            f"Chromium is not installed at {path}: the browser tests use Debian's package. "
            "Run `bash -c 'source scripts/bootstrap.sh'` as root (or `apt-get install chromium`).",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright, headless, for the whole session."""
    path = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: re-run scripts/bootstrap.sh (dev extras)", pytrace=False)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(path), headless=True, args=FLAGS)
        yield browser
        browser.close()


class PageOpener:
    """Opens pages in fresh contexts that refuse requests off the loopback, noting them in `outside`."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.contexts: list[Any] = []
        self.outside: list[str] = []

    def __call__(self, javascript: bool = True, **options: Any) -> Any:
        context = self.browser.new_context(java_script_enabled=javascript, locale="zh-CN", **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", self._closed_network)
        self.contexts.append(context)
        return context.new_page()

    def _closed_network(self, route: Any) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOOPBACK:
            self.outside.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def new_page(chromium: Any) -> Iterator[PageOpener]:
    """`new_page(javascript=True, **context options)`; the test fails if a page reached off the loopback."""
    opener = PageOpener(chromium)
    yield opener
    opener.close()
    if opener.outside:
        pytest.fail(f"the page asked for addresses off the closed hall network: {opener.outside}", pytrace=False)


@pytest.fixture
def page(new_page: PageOpener) -> Any:
    return new_page()


@pytest.fixture
def live_server() -> Iterator[Callable[[Any], str]]:
    """Serves ASGI apps on loopback ports for the test; returns each one's base URL."""
    servers: list[ThreadedServer] = []

    def serve(app: Any) -> str:
        server = ThreadedServer(app).__enter__()
        servers.append(server)
        return server.url

    yield serve
    for server in servers:
        server.__exit__(None, None, None)
