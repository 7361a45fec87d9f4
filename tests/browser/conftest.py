"""Browser tests: Debian's Chromium driven by Playwright's sync API against Django's live server.

One browser per session (fast); a fresh context (cookies, storage) and page per test.
Outside CI the tests are skipped when Chromium is missing, with a message saying how to install
it; in CI (CI=true) a missing browser is a failure, so these tests always run there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import ROOT, AxeReport

VENDOR = ROOT / "static" / "vendor" / "nhsuk-frontend" / "nhsuk-frontend.min.js"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
INSTALL_HINT = (
    "Chromium is needed for the browser tests and was not found at /usr/bin/chromium. "
    "Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), or point "
    "CHROMIUM_PATH at a Chromium binary, then run `make test` again."
)
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}


def chromium_path() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything under tests/browser drives a browser, whether or not the module says so.
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def frontend_assets() -> None:
    """NHS.UK frontend's files in static/vendor (git-ignored), copied from node_modules."""
    if VENDOR.is_file():
        return
    done = subprocess.run(
        [sys.executable, str(ROOT / "bin" / "copy_frontend_assets.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not VENDOR.is_file():
        pytest.fail(
            "static/vendor is missing and could not be copied from node_modules "
            f"(run `make setup`): {done.stderr.strip()}"
        )


@pytest.fixture(scope="session")
def browser(frontend_assets) -> Iterator:
    executable = chromium_path()
    if executable is None:
        if in_ci():
            pytest.fail(INSTALL_HINT + " In CI (CI=true) the browser tests must run.")
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def site(live_server, loaded_guide) -> str:
    """The live server's base URL, with the real guide loaded."""
    return live_server.url


class ConsoleLog:
    """Errors a page logs: console errors (CSP violations among them) and uncaught exceptions."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def on_console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_page_error(self, error) -> None:
        self.errors.append(f"Uncaught: {error}")

    def csp_violations(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e or "CSP" in e]

    def clear(self) -> None:
        self.errors.clear()


def _open(browser, site: str, **options):
    context = browser.new_context(base_url=site, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log = ConsoleLog()
    page.on("console", log.on_console)
    page.on("pageerror", log.on_page_error)
    return context, page, log


@pytest.fixture
def console(page) -> ConsoleLog:
    return page._sg_console


@pytest.fixture
def page(browser, site) -> Iterator:
    """A JavaScript-enabled desktop page with its console recorded (see the `console` fixture)."""
    context, page, log = _open(browser, site, viewport=DESKTOP)
    page._sg_console = log
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser, site) -> Iterator:
    """A page with JavaScript turned off, as on a locked-down laptop."""
    context, page, log = _open(browser, site, viewport=DESKTOP, java_script_enabled=False)
    page._sg_console = log
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser, site) -> Iterator:
    context, page, log = _open(
        browser, site, viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page._sg_console = log
    yield page
    context.close()


@pytest.fixture
def axe_page(browser, site) -> Iterator:
    """A page for axe-core. Injecting axe adds an inline script, which our CSP (rightly) refuses,
    so this context bypasses CSP; CSP itself is checked by the console tests with a normal page."""
    context, page, log = _open(browser, site, viewport=DESKTOP, bypass_csp=True)
    page._sg_console = log
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_report() -> AxeReport:
    report = AxeReport()
    if report.path.is_file():
        report.path.unlink()  # a fresh report for each run
    return report
