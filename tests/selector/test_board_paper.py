"""The board paper: PDF and Word read back, two pages and an appendix, on A4."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader

from selector.engine import recommend_for
from selector.plans import create_plan_from_answers
from selector.summary import summary_from_plan
from tests.factories import make_board_plan, with_contract_fields

from .plans_support import export_url, normalised, typical_answers

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Recommendation",
    "The plan on a page",
    "Resources and risks",
    "Similar programmes and what they achieved",
    "Appendix",
]


@pytest.fixture
def board_plan(db):
    answers = typical_answers()
    plan, key = create_plan_from_answers(
        answers=answers, recommendation=with_contract_fields(recommend_for(answers))
    )
    plan.title, plan.organisation, plan.owner = "Frailty board paper", "North ICS", "A. Leader"
    plan.save()
    return make_board_plan(plan), key


@pytest.fixture
def summary(board_plan):
    plan, _ = board_plan
    return summary_from_plan(plan, base_url="http://testserver/")


def _pages(client, key: str) -> list[str]:
    response = client.get(export_url(key, "pdf"))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return [normalised(page.extract_text()) for page in reader.pages]


def test_the_first_two_pages_hold_cover_recommendation_timeline_and_risks(
    client, board_plan, summary
):
    _, key = board_plan
    first_two = " ".join(_pages(client, key)[:2])

    for part in (
        "Frailty board paper",
        "North ICS",
        "A. Leader",
        "Approve the first phase and its funding.",
        summary.headline,
        "The plan on a page",
        "Resources and risks",
        "Clinical time may not be released.",
        summary.risks[0].text,
    ):
        assert normalised(part) in first_two, part
    for method in summary.methods:
        assert method.name in first_two
        assert normalised(method.resources) in first_two
    for phase in summary.phases:
        assert phase.title in first_two


def test_page_one_names_every_method_of_the_now_phase(client, board_plan, summary):
    _, key = board_plan
    first = _pages(client, key)[0]

    assert summary.now_methods
    for name in summary.now_methods:
        assert name in first


def test_the_appendix_starts_after_page_two_and_alone_holds_the_content_version(
    client, board_plan, summary
):
    _, key = board_plan
    pages = _pages(client, key)

    assert len(pages) >= 3
    assert not any("Appendix" in page for page in pages[:2])
    assert [i for i, page in enumerate(pages) if summary.content_version in page] == [
        i for i, page in enumerate(pages) if i >= 2 and summary.content_version in page
    ]
    appendix = " ".join(pages[2:])
    for part in ("Your answers", "Considered and not recommended", "Sources and credits"):
        assert part in appendix
    assert summary.not_recommended[0].name in appendix


def test_phase_titles_are_human_and_one_method_is_not_at_the_same_time(client, board_plan, summary):
    _, key = board_plan
    text = " ".join(_pages(client, key))

    assert "Phase 1 (now):" in text
    assert "Phase 1: Now:" not in text
    for phase in summary.phases:
        if len(phase.methods) < 2:
            assert phase.together == ""


def test_the_permalink_is_the_public_site_address_never_localhost(client, board_plan, settings):
    settings.SITE_URL = "https://spread.example.nhs.uk"
    _, key = board_plan
    text = "".join(_pages(client, key)).replace(" ", "")

    assert "https://spread.example.nhs.uk/plan/result?" in text
    assert "localhost" not in text and "testserver" not in text


def test_the_board_fields_of_each_phase_are_in_the_paper(client, board_plan):
    _, key = board_plan
    first_two = " ".join(_pages(client, key)[:2])

    assert "Owner 1" in first_two and "£10k" in first_two and "Measure 1 is met." in first_two
    assert "Months 1 to 4" in first_two


def test_the_team_summary_is_in_the_paper(client, board_plan):
    _, key = board_plan
    text = " ".join(_pages(client, key))

    assert "Frailty steering group" in text and "Limited (3)" in text


def test_word_is_a4_with_the_same_sections_in_the_same_order(client, board_plan, summary):
    _, key = board_plan
    document = docx.Document(io.BytesIO(client.get(export_url(key, "docx")).content))
    section = document.sections[0]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    body = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )

    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [h for h in headings if h in SECTIONS] == SECTIONS
    assert "Approve the first phase and its funding." in body
    for method in summary.methods:
        assert method.name in body
    for phase in summary.phases:
        assert phase.title in body


def test_word_timeline_shades_each_phase_across_its_months(client, board_plan, summary):
    _, key = board_plan
    document = docx.Document(io.BytesIO(client.get(export_url(key, "docx")).content))
    timeline = document.tables[1]

    assert [c.text for c in timeline.rows[0].cells][1:] == list(summary.timeline_columns)
    for row, phase in zip(timeline.rows[1:], summary.phases, strict=True):
        assert row.cells[0].text == phase.title
        bar = row.cells[1 + phase.lead_cols]
        assert all(name in bar.text for name in phase.methods)
        assert 'w:fill="D9E7F5"' in bar._tc.xml
