"""Saved plans and exports in a real browser (issue 4): save, tailor, download every format.

Documented URLs: POST /plans/ saves a result; /plans/<key>/ is the plan; exports are at
/plan/export/<fmt>?<answers> and /plans/<key>/export/<fmt>, fmt one of pdf, docx, md, csv, json.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from .support import describe_violations
from .test_wizard import QUERY, ranked_approaches

pytestmark = pytest.mark.browser

FORMATS = {"pdf": ".pdf", "docx": ".docx", "md": ".md", "csv": ".csv", "json": ".json"}


def check_export(fmt: str, path: Path, filename: str, *, stem: str = "spread-plan") -> str:
    """The download is non-empty, named from the plan and really is the format it says."""
    data = path.read_bytes()
    assert data, f"{fmt}: empty download"
    assert filename.endswith(FORMATS[fmt]), f"{fmt}: file name {filename!r}"
    assert filename.startswith(stem), f"{fmt}: file name {filename!r} does not start {stem!r}"
    if fmt == "pdf":
        assert data.startswith(b"%PDF-"), "not a PDF"
    elif fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert "word/document.xml" in archive.namelist(), "not a Word document"
    elif fmt == "json":
        assert isinstance(json.loads(data), dict)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) >= 2, "a CSV export needs a header and at least one method"
    else:
        assert data.decode("utf-8").lstrip().startswith("#"), "Markdown starts with a heading"
    return data.decode("utf-8", errors="replace") if fmt in ("md", "csv", "json") else ""


def download_all(page, links, *, stem: str) -> dict[str, str]:
    """Click each download link (JavaScript on, like a person) and check what arrives."""
    texts: dict[str, str] = {}
    seen = set()
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href") or ""
        fmt = next((f for f in FORMATS if f"/export/{f}" in href), None)
        assert fmt, f"unexpected download link {href!r}"
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.failure() is None, download.failure()
        texts[fmt] = check_export(
            fmt, Path(download.path()), download.suggested_filename, stem=stem
        )
        seen.add(fmt)
    assert seen == set(FORMATS), f"missing export links: {sorted(set(FORMATS) - seen)}"
    return texts


def test_export_every_format_from_the_result(page):
    page.goto(f"/plan/result?{QUERY}")
    approaches = ranked_approaches(page)
    links = page.locator("main a[href*='/plan/export/']")
    texts = download_all(page, links, stem="spread-plan")
    assert approaches[0] in texts["md"], "the Markdown export lacks the top approach"


def test_save_tailor_and_export_a_plan(page, nojs_page, axe_page, axe_report):
    # Save from the result, without JavaScript (a plain form post and redirect).
    nojs_page.goto(f"/plan/result?{QUERY}")
    nojs_page.get_by_role("button", name="Save this plan").click()
    nojs_page.wait_for_url("**/plans/*/")
    assert "Your plan is saved" in nojs_page.locator("main").inner_text()
    plan_url = nojs_page.url

    # Tailor it with JavaScript on: title, keep or drop, a note per method and overall.
    page.goto(plan_url)
    page.get_by_label("Title", exact=True).fill("Falls prevention across the region")
    page.get_by_label("Organisation", exact=True).fill("North West Ambulance Service")
    page.get_by_label("Owner", exact=True).fill("Programme lead")
    keep_boxes = page.get_by_label("Keep in the plan")
    assert keep_boxes.count() >= 2
    page.get_by_label("Your note").first.fill("Start with the two pilot sites.")
    keep_boxes.last.uncheck()
    page.get_by_label("Overall note").fill("Agreed at the March board.")
    with page.expect_navigation() as saved:
        page.get_by_role("button", name="Save changes").click()
    assert saved.value.status != 403, (
        "Saving the plan was refused with 403 (CSRF): plan pages send Referrer-Policy: "
        "no-referrer, so Chromium posts the form with `Origin: null`, which Django's CSRF "
        "check rejects. Use `same-origin` (selector/plan_views.py, _private)."
    )
    page.locator("h1", has_text="Falls prevention across the region").wait_for()
    assert "Your changes are saved" in page.locator("main").inner_text()

    # Nothing lost on reload.
    page.reload()
    assert page.get_by_label("Title", exact=True).input_value().startswith("Falls prevention")
    assert page.get_by_label("Your note").first.input_value() == "Start with the two pilot sites."
    assert not page.get_by_label("Keep in the plan").last.is_checked()

    # A failed validation keeps what was typed and shows an error summary that links to the field.
    page.get_by_label("Title", exact=True).fill("x" * 5000)
    page.get_by_label("Overall note").fill("Kept after an error.")
    page.get_by_role("button", name="Save changes").click()
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    # NHS.UK's error summary module moves focus to it, so the problem is read out first.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.closest('.nhsuk-error-summary')"
    )
    target = summary.locator("a").first.get_attribute("href")
    assert target and page.locator(target).count() == 1, f"error link {target} leads nowhere"
    assert page.get_by_label("Overall note").input_value() == "Kept after an error."
    axe_page.goto(page.url)  # the plan page (no error state: axe_page has its own session)
    serious = axe_report.check(axe_page, "plan")
    assert not serious, describe_violations(serious)

    # Every format downloads, named after the plan's title.
    page.goto(plan_url)
    links = page.locator("main a[href*='/export/']")
    texts = download_all(page, links, stem="spread-plan-falls-prevention-across-the-region")
    assert "Start with the two pilot sites." in texts["md"]
    assert "Agreed at the March board." in texts["json"]


def test_copy_link_copies_the_private_link(page):
    page.goto(f"/plan/result?{QUERY}")
    page.get_by_role("button", name="Save this plan").click()
    page.wait_for_url("**/plans/*/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button = page.get_by_role("button", name="Copy link")
    assert button.is_visible()
    button.click()
    page.get_by_text("Link copied.").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()") == page.url


def test_without_javascript_there_is_no_copy_button_but_the_link_is_there(nojs_page):
    nojs_page.goto(f"/plan/result?{QUERY}")
    nojs_page.get_by_role("button", name="Save this plan").click()
    nojs_page.wait_for_url("**/plans/*/")
    assert not nojs_page.get_by_role("button", name="Copy link").is_visible()
    assert nojs_page.url in nojs_page.locator("#plan-link").inner_text()


def test_board_fields_and_a_conflict_in_two_tabs(axe_page, axe_report):
    """Tab A saves a title, tab B saves the decision sought, gets the conflict, saves again."""
    page = axe_page  # axe runs on the conflict page and on the plan with its board details
    page.goto(f"/plan/result?{QUERY}")
    page.get_by_role("button", name="Save this plan").click()
    page.wait_for_url("**/plans/*/")
    plan_url = page.url
    other = page.context.new_page()
    other.goto(plan_url)

    page.get_by_label("Title", exact=True).fill("Title from tab A")
    page.get_by_label(re.compile(r"^Start month of ")).first.fill("1")
    page.get_by_label(re.compile(r"^End month of ")).first.fill("6")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Your changes are saved").wait_for()

    other.get_by_label("Decision sought").fill("Approve the first phase")
    other.get_by_role("button", name="Save changes").click()
    other.get_by_text("This plan was changed somewhere else").wait_for()
    assert other.get_by_label("Title", exact=True).input_value() == "Title from tab A"
    assert other.get_by_label("Decision sought").input_value() == "Approve the first phase"
    serious = axe_report.check(other, "plan: conflict")
    assert not serious, describe_violations(serious)
    other.get_by_role("button", name="Save changes").click()
    other.get_by_text("Your changes are saved").wait_for()
    other.reload()
    assert other.get_by_label("Title", exact=True).input_value() == "Title from tab A"
    assert other.get_by_label(re.compile(r"^End month of ")).first.input_value() == "6"
    assert other.get_by_label("Decision sought").input_value() == "Approve the first phase"
    serious = axe_report.check(other, "plan: with board details")
    assert not serious, describe_violations(serious)
    other.close()


def test_the_saved_plan_page_fits_a_phone(mobile_page):
    mobile_page.goto(f"/plan/result?{QUERY}")
    mobile_page.get_by_role("button", name="Save this plan").click()
    mobile_page.wait_for_url("**/plans/*/")
    wide = mobile_page.evaluate(
        """() => Array.from(document.querySelectorAll('main *'))
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map((e) => e.tagName + '.' + e.className).slice(0, 5)"""
    )
    assert wide == []
    assert mobile_page.evaluate("() => document.documentElement.scrollWidth") <= 375
