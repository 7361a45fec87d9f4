"""What keeps a cold result page and the API cheap without changing what they say: parts built
only when read, and fragments kept by exactly what they depend on."""

from __future__ import annotations

import json
import random

import pytest
from django.template import engines
from django.templatetags.static import static
from django.test import override_settings

from bench.answer_sets import random_answers
from selector.engine import recommend_for
from selector.forms import what_if_choices
from selector.summary import summary_from_recommendation
from selector.templatetags import result_page

from .wizard_support import answers, full_query

pytestmark = pytest.mark.django_db


def test_a_result_page_never_words_every_scored_method(client):
    response = client.get("/plan/result?" + full_query())

    # Built on first read, so had the page read it, it would be in the instance's dict.
    assert "scored_methods" not in vars(response.context["summary"])


def test_the_api_words_the_methods_it_lists_as_the_full_list_does():
    summary = summary_from_recommendation(recommend_for(answers()))
    listed = {m.slug for m in summary.scored_methods[::3]}

    assert summary.scored_method_lines(listed) == tuple(
        m for m in summary.scored_methods if m.slug in listed
    )


def test_the_json_export_keeps_every_key_in_its_order():
    data = summary_from_recommendation(recommend_for(answers())).as_dict()

    assert list(data) == [
        "schema", "title", "organisation", "owner", "date", "decision_sought", "answers",
        "ready_to_spread", "readiness", "readiness_label", "readiness_tag", "readiness_line",
        "readiness_advice", "readiness_detail", "lead_approach", "partner_approach", "headline",
        "plan_sentence", "why", "robustness", "robustness_changes", "score_margin", "approaches",
        "methods", "phases", "timeline_months", "timeline_unit", "timeline_columns",
        "not_recommended", "risks", "key_risks", "scored_methods", "case_examples", "guidance",
        "sources", "team", "credits", "note", "permalink", "content_version", "saved", "board",
    ]  # fmt: skip
    assert data["scored_methods"] and data["sources"]
    json.dumps(data, default=str)  # every part is plain data


def _uncached_select(given) -> str:
    return "".join(
        result_page._optgroup(group, options) for group, options in what_if_choices(given)
    )


@pytest.mark.parametrize("seed", range(3))
def test_the_what_if_groups_kept_by_each_answer_are_those_of_the_whole_answer_set(seed):
    rng = random.Random(seed)
    for _ in range(40):
        given = random_answers(rng)
        rendered = result_page.what_if_select(given)

        assert _uncached_select(given) in rendered


def test_the_header_links_are_the_navigation_the_context_gives():
    template = engines["django"].from_string("{% load fixed_urls %}{% header_navigation %}")
    navigation = [
        {"text": "Plan", "href": "/plan/", "active": True},
        {"text": "A & B", "href": "/a-b/", "active": False},
    ]

    html = template.render({"navigation": navigation})

    assert '<a class="nhsuk-header__navigation-link" href="/plan/" aria-current="true">' in html
    assert "nhsuk-header__navigation-item--current" in html.split("/a-b/")[0]
    assert '<a class="nhsuk-header__navigation-link" href="/a-b/">A &amp; B</a>' in html


def test_a_kept_static_address_follows_a_change_of_static_settings():
    template = engines["django"].from_string("{% load fixed_urls %}{% asset 'css/app.css' %}")
    before = template.render({})

    with override_settings(STATIC_URL="/elsewhere/"):
        moved = template.render({})
        expected = static("css/app.css")

    assert moved == expected != before


FIXED = "{% load fixed_fragments fixed_urls %}"


def test_a_fixed_block_prints_what_its_contents_would():
    inner = (
        "<link href=\"{% asset 'css/app.css' %}\"><a href=\"{% path 'content:about' %}\">About</a>"
    )
    plain = engines["django"].from_string(FIXED + inner).render({})
    fixed = engines["django"].from_string(FIXED + "{% fixed %}" + inner + "{% endfixed %}")

    assert fixed.render({}) == plain
    assert fixed.render({}) == plain  # the second time from what was kept


def test_a_fixed_block_never_prints_one_request_s_values_on_another_page():
    template = engines["django"].from_string(FIXED + "{% fixed %}[{{ secret }}]{% endfixed %}")

    assert template.render({"secret": "first visitor"}) == "[]"
    assert template.render({"secret": "second visitor"}) == "[]"


def test_a_fixed_block_follows_a_change_of_static_settings():
    template = engines["django"].from_string(
        FIXED + "{% fixed %}{% asset 'css/app.css' %}{% endfixed %}"
    )
    before = template.render({})

    with override_settings(STATIC_URL="/elsewhere/"):
        moved = template.render({})
        expected = static("css/app.css")

    assert moved == expected != before


def test_every_page_still_marks_its_own_section_in_the_kept_header(client):
    plan = client.get("/plan/").content.decode()
    glossary = client.get("/glossary/").content.decode()

    assert 'href="/plan/" aria-current="true"' in plan
    assert 'href="/glossary/" aria-current="true"' in glossary
    assert 'href="/plan/" aria-current="true"' not in glossary


@pytest.mark.parametrize("seed", range(3))
def test_the_answers_query_string_is_the_one_urlencode_gives(seed):
    from urllib.parse import urlencode

    from selector.answers import answers_to_query
    from selector.questions import QUESTIONS

    rng = random.Random(seed)
    for _ in range(40):
        data = random_answers(rng).as_dict()
        data[QUESTIONS[0].name] = rng.choice(["a b&c=d", "é/ü", str(data[QUESTIONS[0].name])])
        pairs = [
            (q.name, str(v))
            for q in QUESTIONS
            for v in (data[q.name] if q.multiple else [data[q.name]])
            if v not in (None, "")
        ]

        assert answers_to_query(data) == urlencode(pairs)


@pytest.mark.parametrize("seed", range(3))
def test_answers_in_words_are_each_question_s_own_labels_whatever_came_before(seed):
    from selector.questions import QUESTIONS

    rng = random.Random(seed)
    for _ in range(40):
        given = random_answers(rng)
        labels = {q.name: {o.value: o.label for o in q.options} for q in QUESTIONS}
        for (name, short, text), question in zip(given.in_words(), QUESTIONS, strict=True):
            value = getattr(given, question.name)
            values = value if question.multiple else ((value,) if value else ())
            expected = ", ".join(labels[name][v] for v in values) or "Not specified"

            assert (name, short, text) == (question.name, question.short_label, expected)


@pytest.mark.parametrize("seed", range(3))
def test_the_hidden_answers_are_the_pairs_the_query_string_holds(seed):
    from urllib.parse import parse_qsl

    from selector import wizard

    rng = random.Random(seed)
    for _ in range(40):
        given = random_answers(rng)

        assert wizard.answer_pairs(given) == parse_qsl(given.to_query())
