"""One answer set, every output: the same readiness, lead approach, method order and phases,
in the same words (the result page, a saved plan, the API and each export)."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import docx
import pytest
from pypdf import PdfReader

from selector.answers import answers_to_query
from selector.engine import recommend_for
from selector.plans import create_plan_from_answers
from selector.summary import summary_from_recommendation

from .plans_support import TYPICAL, export_url, normalised, plan_url

pytestmark = pytest.mark.django_db

ANSWER_SETS = {
    "typical": TYPICAL,
    "limited-evidence": {**TYPICAL, "evidence": "limited", "timescale": "long"},
    "promising": {**TYPICAL, "evidence": "promising", "funding": "none"},
}


def _text(markup: str) -> str:
    return normalised(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def _in_order(text: str, parts: list[str]) -> bool:
    positions = []
    start = 0
    for part in parts:
        found = text.find(part, start)
        if found == -1:
            return False
        positions.append(found)
        start = found + len(part)
    return True


@pytest.fixture(params=sorted(ANSWER_SETS))
def case(request, client):
    data = ANSWER_SETS[request.param]
    query = answers_to_query(data)
    recommendation = recommend_for(_answers(data))
    expected = summary_from_recommendation(recommendation)
    _plan, key = create_plan_from_answers(answers=_answers(data))
    return query, key, expected


def _answers(data):
    from selector.answers import Answers

    return Answers(**data)


def _says_it_all(text: str, expected) -> None:
    assert expected.readiness_label in text
    assert expected.lead_approach in text
    assert _in_order(text, [m.name for m in expected.methods]), "method order"
    assert _in_order(text, [p.title for p in expected.phases]), "phases"


def test_the_result_page_and_saved_plan_say_the_same(client, case):
    query, key, expected = case
    for url in ("/plan/result?" + query, plan_url(key)):
        body = client.get(url).content.decode()
        glance = _text(re.search(r"<section class=\"sg-glance\".*?</section>", body, re.S)[0])

        assert expected.readiness_label in glance and expected.headline in glance
        assert _in_order(glance, [m.name for m in expected.methods])
        _says_it_all(_text(body), expected)


def test_the_api_says_the_same(client, case):
    query, _key, expected = case
    body = client.get("/api/recommendation?" + query).json()
    names = {m["slug"]: m["name"] for m in body["methods"]}
    in_plan = [names[s] for p in body["plan"]["phases"] for s in p["methods"]]

    assert body["readiness_label"] == expected.readiness_label
    assert body["approaches"][0]["name"] == expected.lead_approach
    assert in_plan == [m.name for m in expected.methods]
    assert [p["title"] for p in body["plan"]["phases"]] == [p.title for p in expected.phases]


def test_every_document_export_says_the_same(client, case):
    _query, key, expected = case
    pdf = PdfReader(io.BytesIO(client.get(export_url(key, "pdf")).content))
    word = docx.Document(io.BytesIO(client.get(export_url(key, "docx")).content))
    texts = {
        "pdf": normalised(" ".join(page.extract_text() for page in pdf.pages)),
        "docx": normalised(
            " ".join(p.text for p in word.paragraphs)
            + " "
            + " ".join(c.text for t in word.tables for r in t.rows for c in r.cells)
        ),
        "md": normalised(client.get(export_url(key, "md")).content.decode().replace("\\", "")),
    }
    for fmt, text in texts.items():
        assert expected.headline in text, fmt
        _says_it_all(text, expected)


def test_the_data_exports_say_the_same(client, case):
    _query, key, expected = case
    data = json.loads(client.get(export_url(key, "json")).content)
    rows = list(
        csv.DictReader(io.StringIO(client.get(export_url(key, "csv")).content.decode("utf-8-sig")))
    )

    assert data["readiness_label"] == expected.readiness_label
    assert data["lead_approach"] == expected.lead_approach
    assert [m["name"] for m in data["methods"]] == [m.name for m in expected.methods]
    assert [p["title"] for p in data["phases"]] == [p.title for p in expected.phases]
    assert [r["method"] for r in rows] == [m.name for m in expected.methods]
    assert [r["phase"] for r in rows] == [m.phase for m in expected.methods]
