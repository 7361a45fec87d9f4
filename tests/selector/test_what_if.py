"""What if one answer were different: both sides and the difference."""

from __future__ import annotations

import re

import pytest

from selector.comparison import compare
from selector.engine import recommend_for
from selector.questions import QUESTION_BY_NAME

from .wizard_support import answers, fake_recommendation, full_query, path_of

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
WHAT_IF_BUDGET = 12


@pytest.fixture
def fake_engine(monkeypatch):
    """A small predictable engine where funding moves an approach and swaps a method."""
    monkeypatch.setattr("selector.views.recommend_for", fake_recommendation)


def what_if(client, extra: str, base: str | None = None, **kwargs):
    return client.get(f"/plan/what-if?{base or full_query()}&{extra}", **kwargs)


def test_what_if_shows_both_sides_and_what_moves(client, fake_engine):
    body = what_if(client, "what_if=funding:substantial").content.decode()

    assert "If funding were substantial instead of none" in body
    assert body.count("nhsuk-grid-column-one-half") == 2
    assert "Now: funding none" in body
    assert "Investing and incentivising: up from rank 3 to 1, score 30 to 70." in body
    assert "Incentive payment joins the combination." in body
    assert "Pilot sites leaves the combination." in body


def test_what_if_accepts_two_parameter_form(client, fake_engine):
    body = what_if(client, "what_if_question=funding&what_if_value=substantial").content.decode()

    assert "If funding were substantial instead of none" in body


def test_what_if_links_to_result_with_changed_answer(client, fake_engine):
    body = what_if(client, "what_if=funding:substantial").content.decode()
    link = re.search(r'href="([^"]+)">Use substantial as your answer', body).group(1)

    assert "funding=substantial" in link and path_of(link) == "/plan/result"


@pytest.mark.parametrize(
    "extra",
    [
        "what_if=funding:lots",
        "what_if=nonsense",
        "what_if=funding:none",  # the current answer: nothing to compare
        "what_if=audience:industry",  # only single-answer questions
        "what_if_question=funding",
        "what_if=",
    ],
)
def test_invalid_what_if_gives_clear_error(client, fake_engine, extra):
    response = what_if(client, extra)

    assert response.status_code == 200
    body = response.content.decode()
    assert "nhsuk-error-summary" in body
    assert 'href="#id_what_if"' in body
    assert "If funding were" not in body


def test_what_if_without_a_choice_shows_the_form(client, fake_engine):
    response = client.get("/plan/what-if?" + full_query())

    assert response.status_code == 200
    assert 'name="what_if"' in response.content.decode()
    assert "nhsuk-error-summary" not in response.content.decode()


def test_what_if_with_incomplete_answers_redirects_to_fix_them(client, fake_engine):
    response = what_if(client, "what_if=funding:substantial", base=full_query(level=None))

    assert response.status_code == 302
    assert path_of(response["Location"]) == "/plan/level/"


def test_what_if_htmx_returns_partial_with_push_url(client, fake_engine):
    response = what_if(client, "what_if=funding:substantial", headers=HTMX)

    body = response.content.decode()
    assert "<html" not in body
    assert "data-page-title=" in body and "data-focus-on-swap" in body
    assert response["HX-Push-Url"].startswith("/plan/what-if?")
    assert "HX-Request" in response["Vary"]


def test_result_page_what_if_form_works_without_and_with_js(client, fake_engine):
    body = client.get("/plan/result?" + full_query()).content.decode()
    form = re.search(r'<form method="get"[^>]*>', body).group(0)

    assert 'action="/plan/what-if"' in form and 'hx-get="/plan/what-if"' in form
    assert 'hx-target="#what-if-result"' in form and 'hx-push-url="true"' in form
    # A GET form drops its action's query string, so the answers travel as hidden fields.
    assert '<input type="hidden" name="funding" value="none">' in body
    assert 'id="what-if-result"' in body


def test_what_if_with_real_engine_compares_real_recommendations(client):
    response = what_if(client, "what_if=funding:substantial")

    assert response.status_code == 200
    body = response.content.decode()
    assert "If funding were substantial instead of none" in body
    before = recommend_for(answers())
    after = recommend_for(answers(funding="substantial"))
    comparison = compare(QUESTION_BY_NAME["funding"], "substantial", before, after)
    for method in comparison.methods_in:
        assert f"{method.name} joins the combination." in body


def test_what_if_query_budget(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(WHAT_IF_BUDGET):
        what_if(client, "what_if=funding:substantial")
