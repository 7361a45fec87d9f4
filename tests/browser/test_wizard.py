"""The planning wizard in a real browser, with JavaScript (htmx) on and off.

Documented URLs (issue 3): /plan/ starts; /plan/<question>/ is one question per step;
/plan/check/ checks the answers; /plan/result?<answers> is the result; /plan/what-if compares.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from .support import describe_violations, save_screenshot

pytestmark = pytest.mark.browser

# The order of the questions and one full set of answers (parameter names are fixed by issue 3).
ANSWERS: dict[str, list[str]] = {
    "evidence": ["strong"],
    "spread_so_far": ["one-site"],
    "intervention": ["care-model"],
    "complexity": ["complicated"],
    "setting_complexity": ["complicated"],
    "level": ["regional"],
    "lead": ["network"],
    "audience_size": ["medium"],
    "audience": ["clinicians", "managers"],
    "motivation": ["mixed"],
    "energy": ["moderate"],
    "timescale": ["medium"],
    "funding": ["limited"],
    "capacity": ["moderate"],
}
STEPS = list(ANSWERS)
QUERY = "&".join(f"{name}={value}" for name, values in ANSWERS.items() for value in values)


def on_step(page, name: str) -> None:
    page.wait_for_url(f"**/plan/{name}/**")
    page.locator(f"input[name='{name}']").first.wait_for(state="attached")


def answer(page, name: str, values: list[str]) -> None:
    """Answer the current step with the mouse (check the inputs) and press Continue."""
    on_step(page, name)
    for value in values:
        page.check(f"input[name='{name}'][value='{value}']")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: f"/plan/{name}/" not in url)


def start(page) -> None:
    page.goto("/plan/")
    page.get_by_role("button", name="Start now").click()
    on_step(page, STEPS[0])


def ranked_approaches(page) -> list[str]:
    page.locator("h1", has_text="Your spread plan").wait_for()
    bars = page.locator("ol.sg-bars .sg-bars__label a")
    return [name.strip() for name in bars.all_inner_texts()]


def complete_journey(page) -> list[str]:
    start(page)
    for name, values in ANSWERS.items():
        answer(page, name, values)
    page.wait_for_url("**/plan/check/**")
    page.locator("h1", has_text="Check your answers").wait_for()
    page.get_by_role("button", name="Get recommendations").click()
    page.wait_for_url("**/plan/result?**")
    return ranked_approaches(page)


def expected_ranking() -> list[str]:
    """What the engine itself ranks for ANSWERS: both journeys must show exactly this."""
    from django.http import QueryDict

    from selector.answers import parse_answers
    from selector.engine import recommend_for

    answers, errors = parse_answers(QueryDict(QUERY))
    assert answers is not None, errors
    return [approach.name for approach in recommend_for(answers).approaches]


def complete_journey_from_first_step(page) -> list[str]:
    for name, values in ANSWERS.items():
        answer(page, name, values)
        # After each swap focus is on the new heading (or error summary), and the title follows.
        page.wait_for_function(
            "() => document.activeElement && document.activeElement !== document.body"
        )
    page.wait_for_url("**/plan/check/**")
    assert page.title().startswith("Check your answers")
    focused = page.evaluate("() => document.activeElement.tagName")
    assert focused == "H1"
    page.wait_for_function(
        "() => document.getElementById('sg-announcer').textContent.includes('Check your answers')"
    )
    page.get_by_role("button", name="Get recommendations").click()
    page.wait_for_url("**/plan/result?**")
    return ranked_approaches(page)


def test_full_journey_with_and_without_javascript_reaches_the_same_result(nojs_page, page, console):
    without_js = complete_journey(nojs_page)
    assert without_js == expected_ranking()

    start(page)
    page.evaluate("() => { window.sgNoReload = true; }")  # survives only if htmx swaps in place
    with_js = complete_journey_from_first_step(page)
    assert page.evaluate("() => window.sgNoReload === true"), "a step reloaded the whole page"
    assert with_js == without_js
    assert page.title().startswith("Your spread plan")
    # Same answers in the same canonical URL.
    assert parse_qs(urlsplit(nojs_page.url).query) == parse_qs(urlsplit(page.url).query)
    assert not console.errors, console.errors


def test_error_state_names_the_field_and_links_to_it(page, nojs_page):
    for tab in (nojs_page, page):
        check_error_state(tab, javascript=tab is page)


def check_error_state(tab, *, javascript: bool) -> None:
    start(tab)
    tab.get_by_role("button", name="Continue").click()
    summary = tab.locator(".nhsuk-error-summary")
    summary.wait_for()
    tab.wait_for_function("() => document.title.startsWith('Error: ')")
    link = summary.locator("a").first
    target = link.get_attribute("href")
    assert target and target.startswith("#")
    assert tab.locator(target).count() == 1, f"error summary link {target} leads nowhere"
    assert tab.locator(".nhsuk-form-group--error .nhsuk-error-message").count() == 1
    if javascript:
        # NHS.UK's error summary takes focus; following its link focuses the first radio.
        tab.wait_for_function(
            "() => document.activeElement.closest('.nhsuk-error-summary') !== null"
        )
        link.click()
        assert tab.evaluate(f"() => document.activeElement.id === '{target[1:]}'")


def test_change_an_answer_from_the_check_page(page):
    page.goto(f"/plan/check/?{QUERY}")
    page.locator("h1", has_text="Check your answers").wait_for()
    page.get_by_role("link", name="Change funding").click()
    on_step(page, "funding")
    assert page.is_checked("input[name='funding'][value='limited']"), "answer not prefilled"
    page.check("input[name='funding'][value='substantial']")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/plan/check/**")
    assert "funding=substantial" in page.url
    row = page.locator(".nhsuk-summary-list__row", has_text="Funding")
    assert "ubstantial" in row.inner_text()


def test_change_an_answer_from_the_result(page):
    page.goto(f"/plan/result?{QUERY}")
    before = ranked_approaches(page)
    page.locator("#your-answers ~ dl a", has_text="Change").filter(has_text="funding").click()
    on_step(page, "funding")
    page.check("input[name='funding'][value='none']")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/plan/result?**")
    assert "funding=none" in page.url
    after = ranked_approaches(page)
    assert sorted(after) == sorted(before)  # still every approach, ranked again
    # The pictures: score bars named for what they show, and the plan now, next and later.
    chart = page.locator("main ol.sg-bars")
    assert chart.count() == 1, "no chart on the result"
    assert chart.get_attribute("aria-label"), "the chart has no accessible name"
    assert page.locator(".sg-glance__strip .sg-glance__phase").count() >= 1, "no plan strip"


def test_browser_back_returns_to_the_previous_step_with_answers_kept(page):
    start(page)
    answer(page, "evidence", ["strong"])
    answer(page, "spread_so_far", ["few-sites"])
    on_step(page, "intervention")
    page.go_back()
    on_step(page, "spread_so_far")
    assert "evidence=strong" in page.url
    page.go_back()
    on_step(page, "evidence")
    page.go_forward()
    on_step(page, "spread_so_far")
    # Answering again from here carries the earlier answers on.
    answer(page, "spread_so_far", ["few-sites"])
    on_step(page, "intervention")
    assert "evidence=strong" in page.url and "spread_so_far=few-sites" in page.url
    # The wizard's own back link keeps the answer to the previous step.
    page.locator(".nhsuk-back-link").click()
    on_step(page, "spread_so_far")
    assert page.is_checked("input[name='spread_so_far'][value='few-sites']")


def test_what_if_shows_what_moves_with_and_without_javascript(page, nojs_page):
    for tab in (nojs_page, page):
        check_what_if(tab)


def check_what_if(tab) -> None:
    tab.goto(f"/plan/result?{QUERY}")
    ranked_approaches(tab)
    select = tab.locator("select[name='what_if']")
    select.select_option("funding:substantial")
    tab.get_by_role("button", name="Compare").click()
    tab.wait_for_url("**/plan/what-if?**")
    heading = tab.locator("h1, h2", has_text="What if").last
    heading.wait_for()
    assert "funding" in tab.url and "substantial" in tab.url
    assert "ubstantial" in tab.locator("main").inner_text()


def test_keyboard_only_run_through_the_wizard(page):
    """Tab, Space, arrow keys and Enter only: no mouse, no page.click."""
    page.goto("/plan/")
    tab_to(page, "document.activeElement.textContent.trim() === 'Start now'")
    page.keyboard.press("Enter")
    for name, values in ANSWERS.items():
        on_step(page, name)
        inputs = page.locator(f"input[name='{name}']")
        options = [inputs.nth(i).get_attribute("value") for i in range(inputs.count())]
        tab_to(page, f"document.activeElement.name === '{name}'")
        assert_focus_visible(page)
        kind = page.evaluate("() => document.activeElement.type")
        if kind == "radio":
            page.keyboard.press("Space")
            for _ in range(options.index(values[0])):
                page.keyboard.press("ArrowDown")
        else:  # checkboxes: Tab from one to the next, Space ticks
            for index, option in enumerate(options):
                if index:
                    page.keyboard.press("Tab")
                if option in values:
                    page.keyboard.press("Space")
        for value in values:
            assert page.is_checked(f"input[name='{name}'][value='{value}']"), (name, value)
        tab_to(page, "document.activeElement.textContent.trim() === 'Continue'")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url, name=name: f"/plan/{name}/" not in url)
    page.wait_for_url("**/plan/check/**")
    tab_to(page, "document.activeElement.textContent.trim() === 'Get recommendations'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plan/result?**")
    assert ranked_approaches(page) == expected_ranking()


def assert_focus_visible(page) -> None:
    """NHS.UK's focus style (a yellow ring) shows on the focused input or its label."""
    style = page.evaluate(
        """() => {
            const input = document.activeElement;
            const label = document.querySelector(`label[for="${input.id}"]`);
            const ring = label ? getComputedStyle(label, '::before').boxShadow : 'none';
            return [ring, getComputedStyle(input).outlineStyle, getComputedStyle(input).boxShadow];
        }"""
    )
    assert style != ["none", "none", "none"], f"no visible focus: {style}"


def tab_to(page, condition: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => !!document.activeElement && ({condition})"):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def test_axe_on_every_wizard_step_the_error_state_check_result_and_what_if(axe_page, axe_report):
    problems = []

    def check(name: str) -> None:
        serious = axe_report.check(axe_page, f"wizard:{name}")
        if serious:
            problems.append(f"{name} ({axe_page.url}):\n{describe_violations(serious)}")

    axe_page.goto("/plan/")
    check("start")
    given: list[str] = []
    for name, values in ANSWERS.items():
        axe_page.goto(f"/plan/{name}/?{'&'.join(given)}")
        check(f"step-{name}")
        given += [f"{name}={value}" for value in values]
    # The error state: Continue with nothing chosen.
    axe_page.goto("/plan/evidence/")
    axe_page.get_by_role("button", name="Continue").click()
    axe_page.locator(".nhsuk-error-summary").wait_for()
    check("step-error")
    axe_page.goto(f"/plan/check/?{QUERY}")
    check("check")
    axe_page.goto("/plan/check/?evidence=strong")
    check("check-incomplete")
    axe_page.goto(f"/plan/result?{QUERY}")
    check("result")
    axe_page.goto(f"/plan/result?{QUERY.replace('evidence=strong', 'evidence=limited')}")
    check("result-not-ready")
    axe_page.goto(f"/plan/what-if?{QUERY}&what_if=funding:substantial")
    check("what-if")
    axe_page.goto(f"/plan/what-if?{QUERY}&what_if=nonsense")
    check("what-if-error")
    assert not problems, "\n".join(problems)


def test_wizard_and_result_fit_a_375px_screen(mobile_page):
    wide = []
    for path in (
        "/plan/",
        "/plan/complexity/?evidence=strong",
        f"/plan/audience/?{QUERY}",
        f"/plan/check/?{QUERY}",
        f"/plan/result?{QUERY}",
        f"/plan/what-if?{QUERY}&what_if=funding:substantial",
    ):
        mobile_page.goto(path)
        width = mobile_page.evaluate("() => document.documentElement.scrollWidth")
        if width > 375:
            wide.append(f"{path}: {width}px")
    assert not wide, wide


def test_screenshot_wizard_step_and_result(page):
    page.goto("/plan/complexity/?evidence=strong")
    on_step(page, "complexity")
    assert save_screenshot(page, "wizard-step").stat().st_size > 10_000
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/plan/result?{QUERY}")
    ranked_approaches(page)
    # The README shows the first screen: the at-a-glance panel.
    assert save_screenshot(page, "result", full_page=False).stat().st_size > 10_000
