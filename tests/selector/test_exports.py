"""Every export, opened and read back: the right content, in the right order."""

from __future__ import annotations

import csv
import io
import json

import docx
import pytest
from django.urls import reverse
from markdown_it import MarkdownIt
from pypdf import PdfReader

from selector.exports import EXPORTERS
from selector.exports.pdf import render_html
from selector.summary import summary_from_plan

from .plans_support import (
    export_url,
    make_saved_plan,
    make_tailored_plan,
    normalised,
    typical_query,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved_plan(db):
    return make_saved_plan()


@pytest.fixture
def tailored_plan(db):
    return make_tailored_plan()


BOARD_SECTIONS = [
    "Recommendation",
    "The plan on a page",
    "Resources and risks",
    "Similar programmes and what they achieved",
    "Appendix",
]
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


@pytest.fixture
def expected(tailored_plan):
    """What every export of the tailored plan must say, in plan order."""
    plan, key = tailored_plan
    return summary_from_plan(plan, base_url="http://testserver/"), key


def _in_order(text: str, parts: list[str]) -> bool:
    positions = [text.find(p) for p in parts]
    return -1 not in positions and positions == sorted(positions)


def _get(client, key: str, fmt: str):
    response = client.get(export_url(key, fmt))
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.mark.parametrize("fmt", sorted(CONTENT_TYPES))
def test_content_type_and_filename_come_from_the_plan_title(client, tailored_plan, fmt):
    _, key = tailored_plan
    response = _get(client, key, fmt)
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="spread-plan-frailty-spread-board-paper.{fmt}"'
    )


def test_filenames_are_safe_ascii_whatever_the_title(client, saved_plan):
    plan, key = saved_plan
    plan.title = 'Café "plan" ../../etc/passwd \u202e; rm'
    plan.save()
    disposition = _get(client, key, "md")["Content-Disposition"]
    assert disposition == 'attachment; filename="spread-plan-cafe-plan-etcpasswd-rm.md"'
    assert disposition.isascii()


def test_an_untitled_plan_is_called_spread_plan(client, saved_plan):
    _, key = saved_plan
    assert _get(client, key, "csv")["Content-Disposition"].endswith('filename="spread-plan.csv"')


def test_pdf_holds_methods_reasons_and_notes_in_order(client, expected):
    summary, key = expected
    reader = PdfReader(io.BytesIO(_get(client, key, "pdf").content))
    text = normalised(" ".join(page.extract_text() for page in reader.pages))
    assert _in_order(text, [f"{m.position}. {m.name}" for m in summary.methods])
    for method in summary.methods:
        assert normalised(method.note) in text
        for reason in method.reasons:
            assert normalised(reason.text) in text
    for must in ("Frailty spread: board paper", summary.content_version, "Overall: start small"):
        assert must in text


def test_pdf_is_a4_with_page_numbers_and_heading_bookmarks(client, expected):
    _summary, key = expected
    reader = PdfReader(io.BytesIO(_get(client, key, "pdf").content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    bookmarks = list(titles(reader.outline))
    assert bookmarks[0] == "Frailty spread: board paper"
    assert _in_order(" | ".join(bookmarks), [*BOARD_SECTIONS, "The methods in the plan"])


def test_pdf_is_tagged_for_accessibility(client, tailored_plan):
    _, key = tailored_plan
    reader = PdfReader(io.BytesIO(_get(client, key, "pdf").content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    assert reader.metadata.title == "Frailty spread: board paper"


def test_the_pdf_summary_references_no_remote_resources(expected):
    summary, _ = expected
    html = render_html(summary)
    assert "<link" not in html and "<img" not in html and "<script" not in html
    assert "src=" not in html and "url(" not in html
    assert "{% include" not in html and summary.methods[0].name in html


def test_word_uses_real_heading_styles_with_methods_and_notes_in_order(client, expected):
    summary, key = expected
    document = docx.Document(io.BytesIO(_get(client, key, "docx").content))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Frailty spread: board paper")
    assert [t for s, t in headings if s == "Heading 2"][: len(BOARD_SECTIONS)] == BOARD_SECTIONS
    body = "\n".join(p.text for p in document.paragraphs)
    assert _in_order(body, [f"{m.position}. {m.name}" for m in summary.methods])
    assert _in_order(body, [m.note for m in summary.methods])
    for method in summary.methods:
        assert all(reason.text in body for reason in method.reasons)
    assert document.core_properties.title == "Frailty spread: board paper"


def test_csv_has_one_row_per_chosen_method_in_order(client, expected):
    summary, key = expected
    content = _get(client, key, "csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [r["method"] for r in rows] == [m.name for m in summary.methods]
    assert [r["note"] for r in rows] == [m.note for m in summary.methods]
    assert [r["reasons"].split("\n")[0] for r in rows if r["reasons"]] == [
        f"{m.reasons[0].text} ({m.reasons[0].points_text})"
        if m.reasons[0].points_text
        else m.reasons[0].text
        for m in summary.methods
        if m.reasons
    ]
    assert [r["phase"] for r in rows] == [m.phase for m in summary.methods]
    assert {r["content version"] for r in rows} == {summary.content_version}


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, saved_plan):
    plan, key = saved_plan
    row = plan.methods.first()
    row.note = '=HYPERLINK("http://evil")'
    row.save()
    content = _get(client, key, "csv").content.decode("utf-8-sig")
    notes = [r["note"] for r in csv.DictReader(io.StringIO(content))]
    assert '\'=HYPERLINK("http://evil")' in notes


def test_json_holds_everything_in_order(client, expected):
    summary, key = expected
    data = json.loads(_get(client, key, "json").content)
    assert data["schema"] == "spread-guide/plan-summary@2"
    assert [m["name"] for m in data["methods"]] == [m.name for m in summary.methods]
    assert [m["note"] for m in data["methods"]] == [m.note for m in summary.methods]
    assert [[r["text"] for r in m["reasons"]] for m in data["methods"]] == [
        [r.text for r in m.reasons] for m in summary.methods
    ]
    for key_ in (
        "title",
        "date",
        "answers",
        "readiness_advice",
        "approaches",
        "phases",
        "case_examples",
        "guidance",
        "sources",
        "credits",
        "permalink",
        "content_version",
    ):
        assert key_ in data
    assert data["permalink"].startswith("http://testserver/plan/result?")


def test_markdown_parses_with_methods_as_headings_in_order(client, expected):
    summary, key = expected
    text = _get(client, key, "md").content.decode()
    tokens = MarkdownIt().parse(text)
    headings = [
        (tokens[i].tag, tokens[i + 1].content)
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
    assert headings[0] == ("h1", "Frailty spread: board paper")
    h4 = [c for tag, c in headings if tag == "h4"]
    wanted = [f"{m.position}. {m.name}" for m in summary.methods]
    assert [h for h in h4 if h in wanted] == wanted
    plain = normalised(" ".join(t.content for t in tokens if t.type == "inline"))
    assert _in_order(plain, [normalised(m.note) for m in summary.methods])
    assert all(normalised(r.text) in plain for m in summary.methods for r in m.reasons)
    assert [c for tag, c in headings if tag == "h2"][: len(BOARD_SECTIONS)] == BOARD_SECTIONS
    for section in ("Your answers", "Readiness to spread", "Sources and credits"):
        assert ("h3", section) in headings


def test_a_note_cannot_break_the_markdown_structure(client, saved_plan):
    plan, key = saved_plan
    row = plan.methods.first()
    row.note = "# Not a heading\n<script>alert(1)</script>"
    row.save()
    text = _get(client, key, "md").content.decode()
    tokens = MarkdownIt().parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "Not a heading" not in headings
    assert "<script>" not in text


# --- Exports straight from answers ----------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_any_result_exports_from_its_answers(client, fmt):
    response = client.get(
        reverse("selector:answers-export", kwargs={"fmt": fmt}) + "?" + typical_query()
    )
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="spread-plan.{fmt}"'


def test_a_result_export_holds_the_recommended_methods(client):
    url = reverse("selector:answers-export", kwargs={"fmt": "json"}) + "?" + typical_query()
    data = json.loads(client.get(url).content)
    assert data["methods"] and all(m["origin"] == "recommended" for m in data["methods"])
    assert data["permalink"] == "http://testserver/plan/result?" + typical_query()


def test_an_unknown_format_is_a_404(client, tailored_plan):
    _, key = tailored_plan
    assert client.get(export_url(key, "exe")).status_code == 404
    url = reverse("selector:answers-export", kwargs={"fmt": "xlsx"}) + "?" + typical_query()
    assert client.get(url).status_code == 404


def test_invalid_answers_are_a_400_pointing_to_the_wizard(client):
    url = reverse("selector:answers-export", kwargs={"fmt": "pdf"}) + "?evidence=maybe"
    response = client.get(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert "We could not read your answers" in text and reverse("selector:start") in text


def test_json_export_carries_what_was_ruled_out_and_how_firm_it_is(client):
    url = (
        reverse("selector:answers-export", kwargs={"fmt": "json"})
        + "?"
        + typical_query(funding="none", lead="provider")
    )
    data = json.loads(client.get(url).content)
    assert data["not_recommended"]
    assert {"slug", "name", "approach", "url", "rule", "sentence"} == set(
        data["not_recommended"][0]
    )
    assert data["robustness"].startswith(("Holds", "The top approach"))


def test_word_export_works_with_every_optional_answer_given(client):
    query = typical_query(
        intervention="care-model",
        spread_so_far="one-site",
        lead="network",
        setting_complexity="complicated",
    )
    url = reverse("selector:answers-export", kwargs={"fmt": "docx"}) + "?" + query
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
