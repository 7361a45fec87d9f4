"""The public guide pages in a real browser: console, CSP, links, axe-core, mobile and keyboard."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest

from .support import describe_violations, save_screenshot

pytestmark = pytest.mark.browser


def public_pages() -> dict[str, str]:
    """Name -> path of one page of every kind the public sees."""
    from content.models import Approach, CaseExample, Method

    approach = Approach.objects.published().order_by("order").first()
    method = Method.objects.published().order_by("pk").first()
    case = CaseExample.objects.published().order_by("pk").first()
    return {
        "home": "/",
        "approaches": "/approaches/",
        "approach": approach.get_absolute_url(),
        "methods": "/methods/",
        "methods-filtered": "/methods/?level=local&motivation=intrinsic",
        "method": method.get_absolute_url(),
        "case-examples": "/case-examples/",
        "case-example": case.get_absolute_url(),
        "principles": "/principles/",
        "glossary": "/glossary/",
        "about": "/about/",
        "not-found": "/no-such-page/",
    }


def visit(page, path: str):
    response = page.goto(path, wait_until="load")
    assert response is not None, path
    return response


def test_every_public_page_loads_without_console_errors_or_csp_violations(page, console):
    problems = []
    for name, path in public_pages().items():
        console.clear()
        response = visit(page, path)
        expected = 404 if name == "not-found" else 200
        if response.status != expected:
            problems.append(f"{path}: status {response.status}, expected {expected}")
        errors = console.errors
        if name == "not-found":  # Chromium logs the 404 of the page itself; that one is expected
            errors = [e for e in errors if "status of 404" not in e]
        if errors:
            problems.append(f"{path}: {errors}")
        if page.locator("h1").count() != 1:
            problems.append(f"{path}: {page.locator('h1').count()} h1 elements, expected one")
        title = page.title()
        if not title.endswith("\u2013 Spread Guide") or title.startswith("\u2013"):
            problems.append(f"{path}: title {title!r} does not name the page")
        # NHS.UK frontend's script ran (it marks the body), so the module loaded under the CSP.
        if "js-enabled" not in (page.get_attribute("body", "class") or ""):
            problems.append(f"{path}: app.js did not run")
    assert not problems, "\n".join(problems)


def test_public_pages_work_without_javascript(nojs_page):
    for name, path in public_pages().items():
        response = visit(nojs_page, path)
        assert response.status == (404 if name == "not-found" else 200), path
        assert nojs_page.locator("main h1").count() == 1, path
        assert nojs_page.locator("header nav a").count() >= 3, path


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def test_every_guide_page_is_reachable_from_home_by_links(site):
    """Crawl same-origin links from / (plain HTTP: what a no-JS visitor or a search engine sees)."""
    from content.models import Approach, CaseExample, Method

    origin = urlsplit(site).netloc
    seen: set[str] = set()
    broken: list[str] = []
    queue = ["/"]
    while queue and len(seen) < 400:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        try:
            with urlopen(urljoin(site, path), timeout=10) as response:
                if "text/html" not in response.headers.get("Content-Type", ""):
                    continue
                html = response.read().decode("utf-8")
        except Exception as error:
            broken.append(f"{path}: {error}")
            continue
        parser = _Links()
        parser.feed(html)
        for href in parser.hrefs:
            url = urldefrag(urljoin(urljoin(site, path), href)).url
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or parts.netloc != origin:
                continue
            if parts.path.startswith(("/admin/", "/static/", "/plan/export/", "/api/")):
                continue
            if parts.path.startswith("/plan/") and parts.query:
                continue  # wizard answers: covered by the wizard tests, not a crawl
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
    assert not broken, "Broken internal links:\n" + "\n".join(broken)
    paths = {urlsplit(p).path for p in seen}
    expected = {
        *(a.get_absolute_url() for a in Approach.objects.published()),
        *(m.get_absolute_url() for m in Method.objects.published()),
        *(c.get_absolute_url() for c in CaseExample.objects.published()),
        "/approaches/",
        "/methods/",
        "/case-examples/",
        "/principles/",
        "/glossary/",
        "/about/",
        "/plan/",
    }
    missing = sorted(expected - paths)
    assert not missing, f"Not reachable from / by following links: {missing}"


def test_axe_finds_no_serious_or_critical_violations_on_public_pages(axe_page, axe_report):
    problems = []
    for name, path in public_pages().items():
        visit(axe_page, path)
        serious = axe_report.check(axe_page, f"public:{name}")
        if serious:
            problems.append(f"{path}:\n{describe_violations(serious)}")
    assert not problems, "\n".join(problems)


def test_no_horizontal_scrolling_at_375px(mobile_page):
    wide = []
    for path in public_pages().values():
        visit(mobile_page, path)
        width = mobile_page.evaluate("() => document.documentElement.scrollWidth")
        if width > 375:
            culprits = mobile_page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter((el) => el.getBoundingClientRect().right > 376)
                    .slice(0, 5).map((el) => el.tagName.toLowerCase() + '.' + el.className)"""
            )
            wide.append(f"{path}: scrollWidth {width}px; widest: {culprits}")
    assert not wide, "\n".join(wide)
    # The header's links stay reachable on a phone: shown, or behind NHS.UK's "More" button.
    visit(mobile_page, "/")
    assert mobile_page.locator(".nhsuk-header__navigation-list a").count() >= 3


def test_keyboard_skip_link_first_then_main_and_filters(page):
    for path in ("/", public_pages()["method"]):
        visit(page, path)
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        assert focused == "Skip to main content", path
        assert page.locator(".nhsuk-skip-link").is_visible()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.id === 'maincontent'")
        # The next Tab goes into the page content, not back to the header.
        page.keyboard.press("Tab")
        inside_main = page.evaluate("() => !!document.activeElement.closest('main')")
        assert inside_main, path

    # The method filter works by keyboard alone.
    visit(page, "/methods/")
    total = page.locator("main .nhsuk-grid-column-two-thirds li h2").count()
    page.focus("#id_level")
    page.keyboard.press("ArrowDown")  # the first level after "Any level"
    for _ in range(10):  # Tab on to the "Apply filters" button, then press it with Enter
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type === 'submit'"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/methods/?*level=*")
    assert page.locator("main .nhsuk-grid-column-two-thirds li h2").count() <= total
    assert page.locator("[role=status]").is_visible()


def test_case_example_timeline_reads_in_order_and_prints_without_navigation(page):
    visit(page, public_pages()["case-example"])
    timeline = page.locator("ol.sg-timeline")
    assert timeline.get_attribute("aria-label")
    phases = timeline.locator(":scope > li h3").all_inner_texts()
    assert phases and phases[0].startswith("Phase 1")
    page.emulate_media(media="print")
    assert not page.locator("header.nhsuk-header").is_visible()
    assert not page.locator("footer.nhsuk-footer").is_visible()
    assert page.locator("main h1").is_visible()
    page.emulate_media(media="screen")


def test_screenshot_home(page):
    visit(page, "/")
    path = save_screenshot(page, "home")
    assert path.stat().st_size > 10_000
