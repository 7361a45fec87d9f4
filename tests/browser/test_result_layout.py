"""The result and a saved plan in a real browser: the at-a-glance panel on the first screen,
nothing wider than a phone, and no accessibility violations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .support import describe_violations, save_screenshot
from .test_wizard import QUERY

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 800}

# Elements whose right edge passes the window's, ignoring visually hidden text: 1px boxes and
# what they hold (a responsive table's header row, say).
OVERFLOWING = """() => {
    const hidden = (el) => { for (let e = el; e; e = e.parentElement) {
        const r = e.getBoundingClientRect(); if (r.width <= 1 || r.height <= 1) return true; }
        return false; };
    return [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !hidden(el))
        .slice(0, 5).map((el) => el.tagName.toLowerCase() + '.' + el.className); }"""
# Elements cut off inside themselves (a clipped table column, say); a form control scrolling
# its own long value is how it is meant to work.
CLIPPED = """() => [...document.querySelectorAll('main *')]
    .filter((el) => !['INPUT', 'SELECT', 'TEXTAREA', 'OPTION'].includes(el.tagName)
        && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 1
        && getComputedStyle(el).overflowX !== 'visible')
    .slice(0, 5).map((el) => el.tagName.toLowerCase() + '.' + el.className)"""


def _context(browser, site: str, viewport: dict, **options):
    context = browser.new_context(base_url=site, viewport=viewport, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def laptop(browser, site) -> Iterator:
    context = _context(browser, site, LAPTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser, site) -> Iterator:
    context = _context(browser, site, PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_phone(browser, site) -> Iterator:
    context = _context(browser, site, PHONE, is_mobile=True, bypass_csp=True)
    yield context.new_page()
    context.close()


def saved_plan_url(page) -> str:
    page.goto(f"/plan/result?{QUERY}")
    page.get_by_role("button", name="Save this plan").click()
    page.wait_for_url("**/plans/*/")
    return page.url


def _glance(page):
    glance = page.locator("[data-glance]")
    glance.wait_for()
    return glance


@pytest.fixture(params=["engine", "with-contract-fields"])
def result_kind(request, monkeypatch):
    """The result as the engine gives it today, and with robustness, caveats and a ruled-out
    method (which the engine adds later): the panel must fit either way."""
    if request.param == "with-contract-fields":
        from selector import views
        from tests.factories import with_contract_fields

        real = views.recommend
        monkeypatch.setattr(
            views,
            "recommend",
            lambda answers, snapshot: with_contract_fields(real(answers, snapshot)),
        )
    return request.param


THREE_PHASES = QUERY.replace("evidence=strong", "evidence=limited").replace(
    "timescale=medium", "timescale=long"
)


@pytest.mark.parametrize("query", [QUERY, THREE_PHASES], ids=["one-phase", "three-phases"])
def test_at_1280x800_the_glance_with_every_method_is_on_the_first_screen(
    laptop, result_kind, query
):
    laptop.goto(f"/plan/result?{query}")
    glance = _glance(laptop)
    box = glance.bounding_box()
    in_plan = [t.strip() for t in laptop.locator(".sg-method h3 a").all_inner_texts()]
    named = [t.strip() for t in glance.locator(".sg-glance__methods li").all_inner_texts()]

    assert in_plan and sorted(named) == sorted(in_plan)
    assert box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"], box
    for item in glance.locator(".sg-glance__methods li").all():
        item_box = item.bounding_box()
        assert item_box["y"] + item_box["height"] <= LAPTOP["height"]


def test_at_375x800_the_glance_starts_on_the_first_screen(phone):
    phone.goto(f"/plan/result?{QUERY}")
    box = _glance(phone).bounding_box()

    assert 0 <= box["y"] < PHONE["height"], box


def test_a_saved_plan_opens_with_the_glance_too(laptop):
    laptop.goto(saved_plan_url(laptop))
    box = _glance(laptop).bounding_box()

    assert box["y"] < LAPTOP["height"]


def test_nothing_overflows_at_375px_on_result_plan_approach_and_method(phone):
    phone.goto(f"/plan/result?{QUERY}")
    approach = phone.locator(".sg-bars__label a").first.get_attribute("href")
    method = phone.locator(".sg-method h3 a").first.get_attribute("href")
    pages = {
        "result": f"/plan/result?{QUERY}",
        "plan": saved_plan_url(phone),
        "approach": approach,
        "method": method,
    }
    problems = []
    for name, path in pages.items():
        phone.goto(path)
        # Open every details element, so what it hides is measured too.
        phone.evaluate("() => document.querySelectorAll('details').forEach((d) => d.open = true)")
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        wide, clipped = phone.evaluate(OVERFLOWING), phone.evaluate(CLIPPED)
        if width > PHONE["width"] or wide or clipped:
            problems.append(f"{name}: scrollWidth {width}; past the edge {wide}; clipped {clipped}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_axe_finds_no_violations_on_the_result_and_saved_plan(
    viewport, axe_page, axe_phone, axe_report
):
    page = axe_page if viewport == "laptop" else axe_phone
    problems = []
    for name, path in (("result", f"/plan/result?{QUERY}"), ("plan", None)):
        page.goto(path or saved_plan_url(page))
        page.evaluate("() => document.querySelectorAll('details').forEach((d) => d.open = true)")
        axe_report.check(page, f"{name}:{viewport}")
        violations = axe_report.pages[f"{name}:{viewport}"]["violations"]
        if violations:
            problems.append(f"{name}:\n{describe_violations(violations)}")
    assert not problems, "\n".join(problems)


def test_screenshot_result_on_a_phone_and_a_saved_plan(phone, laptop):
    phone.goto(f"/plan/result?{QUERY}")
    _glance(phone)
    assert save_screenshot(phone, "result-phone", full_page=False).stat().st_size > 10_000
    laptop.goto(saved_plan_url(laptop))
    _glance(laptop)
    assert save_screenshot(laptop, "saved-plan", full_page=False).stat().st_size > 10_000
