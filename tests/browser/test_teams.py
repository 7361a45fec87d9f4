"""Team planning in a real browser (issue 15): a lead starts a team plan, three members answer
(two with JavaScript, one without), the lead sees both disagreements and which one changes the
plan, and the saved plan's PDF carries the team section."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from selector.questions import QUESTIONS
from tests.teams.support import split_questions, three_members

from .support import describe_violations, save_screenshot

pytestmark = pytest.mark.browser


def answer_as_member(page, join_url: str, answers: dict, *, name: str, skip: str | None = None):
    page.goto(join_url)
    page.get_by_label("Your name (optional)").fill(name)
    page.get_by_role("button", name="Start answering").click()
    for question in QUESTIONS:
        page.wait_for_url(f"**/join/{question.name}/")
        page.locator(f"input[name='{question.name}']").first.wait_for(state="attached")
        if question.name == skip or answers.get(question.name) == "":  # "" is "not answered"
            page.get_by_role("button", name="Skip this question").click()
        else:
            value = answers[question.name]
            for v in value if isinstance(value, tuple) else (value,):
                page.check(f"input[name='{question.name}'][value='{v}']")
            if question.name == "funding":
                page.get_by_label("Comment (optional)").fill(f"{name} on funding")
            page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url, q=question.name: f"/join/{q}/" not in url)
    page.wait_for_url("**/join/done/")
    page.locator("h1", has_text="Your answers").wait_for()


def test_a_team_plan_from_start_to_board_paper(
    page, nojs_page, axe_page, axe_report, browser, site, console
):
    changing, stable = split_questions()
    members = three_members(changing, stable)

    page.goto("/")
    page.get_by_role("link", name="Plan with your team").click()
    page.get_by_label("Name this team plan").fill("Frailty board")
    page.get_by_role("button", name="Start a team plan").click()
    page.locator("h1", has_text="Frailty board").wait_for()
    join_url = page.locator("[data-join-link]").inner_text().strip()
    lead_url = page.url

    others = [browser.new_context(base_url=site) for _ in range(2)]
    try:
        for i, context in enumerate(others):  # two members with JavaScript
            answer_as_member(context.new_page(), join_url, members[i], name=f"Member {i + 1}")
    finally:
        for context in others:
            context.close()
    # and one without, who skips a question the others agree on
    answer_as_member(nojs_page, join_url, members[2], name="", skip="motivation")

    page.goto(lead_url)
    assert "3 members so far" in page.locator(".nhsuk-lede-text").first.inner_text()
    rows = page.locator("table[data-disagreements] tbody tr")
    assert rows.count() == 2
    effect = {
        rows.nth(i).get_attribute("data-question"): rows.nth(i)
        .locator("[data-effect]")
        .inner_text()
        for i in range(2)
    }
    assert effect == {changing: "Changes the plan", stable: "Does not change the plan"}
    page.evaluate("document.getElementById('disagreements').scrollIntoView()")
    save_screenshot(page, "team-lead", full_page=False)
    assert (
        page.get_by_text("Member 1 on funding").count()
        + page.get_by_text("Anonymous member").count()
        >= 1
    )

    for name, url in (("team lead", lead_url), ("team join", join_url)):
        axe_page.goto(url)
        serious = axe_report.check(axe_page, name)
        assert not serious, describe_violations(serious)
    axe_page.get_by_role("button", name="Start answering").click()
    axe_page.wait_for_url("**/join/evidence/")
    serious = axe_report.check(axe_page, "team step")
    assert not serious, describe_violations(serious)

    page.get_by_role("button", name="Save as a plan").click()
    page.wait_for_url("**/plans/**")
    pdf = page.request.get(page.url.rstrip("/") + "/export/pdf")
    assert pdf.ok
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "The team behind this plan" in text
    assert "Changes the plan" in text and "Does not change the plan" in text
    assert not console.csp_violations()
