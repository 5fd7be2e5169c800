"""A real server on loopback and Debian's Chromium driven by Playwright.

One server for the whole run and one browser per test module keep the suite fast; a walk opens a fresh
browser context (its own cookies) at a desktop, then at a phone, viewport (``screens`` below).
"""
from __future__ import annotations

import os
import re
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("LMS_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"]

# The two screens every role's walk is checked on: a laptop, and a phone held upright (iPhone 12–15 size).
SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.fixture(scope="session")
def _server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def live_server(app, _server):
    # The app's SERVER_NAME (for url_for in tests) must not reject the loopback host while a browser test runs.
    previous = app.config.get("SERVER_NAME")
    app.config["SERVER_NAME"] = None
    try:
        yield _server
    finally:
        app.config["SERVER_NAME"] = previous


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory):
    """Where the walks save their screenshots: LMS_E2E_SCREENSHOTS, else a temporary folder."""
    folder = os.environ.get("LMS_E2E_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        return folder
    return str(tmp_path_factory.mktemp("screenshots"))


class Screen:
    """A browser context at one screen size, in Chinese, with helpers for the walks."""

    def __init__(self, browser, base: str, name: str, folder: str, test: str):
        self.name, self.base, self.folder, self.test = name, base, folder, test
        self.context = browser.new_context(locale="zh-CN", **SCREENS[name])
        self.context.set_default_timeout(10000)
        self.page = self.context.new_page()
        self.shots = 0

    def sign_in(self, username: str) -> None:
        """Through the sign-in form, as a person would."""
        page = self.page
        page.goto(self.base + "/login")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("main button[type=submit]")
        assert "/login" not in page.url, page.inner_text("main")

    def nav(self, path: str) -> None:
        """Follow the navigation bar's entry for ``path`` (opening the menu first on a phone)."""
        page = self.page
        toggler = page.locator(".navbar-toggler")
        if toggler.is_visible():
            toggler.click()
            page.wait_for_selector("#mainnav.show")
        with page.expect_navigation():
            page.click(f'#mainnav a[href^="{path}"]')

    def check(self, label: str) -> None:
        """Save a screenshot and check that the page fits the screen and that no short word in a table (a
        person's or a unit's name, a number, a status) is broken over lines."""
        self.shots += 1
        safe = re.sub(r"[^A-Za-z0-9_-]+", "_", f"{self.test}-{self.shots:02d}-{label}")
        self.page.screenshot(path=os.path.join(self.folder, safe + ".png"), full_page=True)
        layout = self.page.evaluate(LAYOUT_CHECK)
        assert layout["overflow"] <= 1, f"{self.test} {label}: the page is {layout['overflow']}px wider than the screen"
        assert not layout["broken"], f"{self.test} {label}: words broken over lines in a table: {layout['broken']}"

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
            self.context = None


# For every text in a table cell that is one short word (no spaces, at most 12 characters: a name, a figure,
# a status), the lines its characters are laid out on; more than one line means the column squeezed it.
LAYOUT_CHECK = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      if (!text || /\\s/.test(text) || text.length > 12 || !node.parentElement.offsetParent) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(text);
    }
  }
  return {broken, overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


@pytest.fixture
def screens(browser, live_server, screenshots, request):
    """``for screen in screens():`` walks a job at a desktop, then at a phone: a fresh browser context each
    time, on the same data (so a walk is written to be done twice)."""
    opened = []

    def walk(names=tuple(SCREENS)):
        for name in names:
            screen = Screen(browser, live_server, name, screenshots, f"{request.node.name}-{name}")
            opened.append(screen)
            yield screen
            screen.close()

    yield walk
    for screen in opened:
        screen.close()
