"""The result page, with the real engine over the real guide."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from selector.engine import recommend_for
from selector.questions import QUESTION_BY_NAME
from tests.conftest import clear_caches
from tests.factories import make_guide

from .test_wizard_support import answers, full_query, path_of, query_of

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
AUDIENCES = QUESTION_BY_NAME["audience"].values
# Revision checks, one snapshot build (cold cache), and the usage counters' write (tests write
# the counters on every view; in production they are batched).
RESULT_BUDGET = 12


def result(client, query: str, **kwargs):
    return client.get("/plan/result?" + query, **kwargs)


def test_result_page_shows_every_part(client):
    response = result(client, full_query())
    body = response.content.decode()
    recommendation = recommend_for(answers())

    assert response.status_code == 200
    assert body.count("<h1") == 1
    for approach in recommendation.approaches:
        assert approach.url in body
    for method in recommendation.recommended_methods:
        assert method.url in body
    for case in recommendation.case_examples[:1]:
        assert case.url in body and f"{case.similarity}% similar" in body
    for item in recommendation.guidance:
        assert item.url in body
    assert 'class="sg-timeline"' in body
    assert recommendation.content_version in body


def test_result_shows_reasons_and_considerations(client):
    recommendation = recommend_for(answers())
    body = result(client, full_query()).content.decode()

    reason = recommendation.approaches[0].reasons[0].text
    assert reason.replace("'", "&#x27;") in body
    method = next(m for m in recommendation.recommended_methods if m.considerations)
    assert "Practical considerations" in body
    assert method.considerations[0].topic_label in body


def test_chart_is_accessible_svg_with_table_of_the_same_data(client):
    body = result(client, full_query()).content.decode()
    svg = re.search(r"<svg class=\"sg-chart\".*?</svg>", body, re.S).group(0)

    assert 'role="img"' in svg
    assert 'aria-labelledby="approach-scores-title approach-scores-desc"' in svg
    assert '<title id="approach-scores-title">' in svg and '<desc id="approach-scores-desc">' in svg
    assert svg.count('class="sg-chart__bar"') == 7
    assert body.count('<th scope="row" class="nhsuk-table__cell">') == 7


def test_not_ready_shows_warning_callout(client):
    body = result(client, full_query(evidence="limited")).content.decode()

    assert "nhsuk-warning-callout" in body
    assert "Not ready to spread yet" in body


def test_promising_evidence_shows_caution_inset(client):
    body = result(client, full_query(evidence="promising")).content.decode()

    assert "nhsuk-inset-text" in body
    assert "Spread with care" in body


def test_change_link_for_every_answer_returns_to_result(client):
    body = result(client, full_query()).content.decode()
    links = re.findall(r'href="(/plan/[a-z_]+/\?[^"]+)"[^>]*>Change<', body)

    assert len(links) == 10
    assert all("return=result" in link for link in links)


def test_permalink_is_absolute_and_canonical(client):
    body = result(client, "capacity=moderate&" + full_query(capacity=None)).content.decode()
    permalink = re.search(r'id="permalink"[^>]*value="([^"]+)"', body).group(1)

    assert permalink.startswith("http://testserver/plan/result?evidence=strong")
    assert permalink.replace("&amp;", "&").endswith(full_query())


@pytest.mark.parametrize(
    ("query", "step"),
    [
        ("", "evidence"),
        (full_query(energy=None), "energy"),
        (full_query(funding="lots"), "funding"),
        (full_query() + "&level=local", "level"),
        (full_query(complexity=""), "complexity"),
    ],
    ids=["empty", "missing", "unknown", "repeated", "blank"],
)
def test_incomplete_or_invalid_answers_redirect_to_step_needing_answer(client, query, step):
    response = result(client, query)

    assert response.status_code == 302
    assert path_of(response["Location"]) == f"/plan/{step}/"


def test_bad_value_is_carried_to_its_step_so_the_error_shows(client):
    response = result(client, full_query(funding="lots"), follow=True)

    assert response.status_code == 200
    assert 'href="#id_funding"' in response.content.decode()


def test_result_htmx_returns_partial(client):
    response = result(client, full_query(), headers=HTMX)

    assert "<html" not in response.content.decode()
    assert 'data-page-title="Your spread plan' in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_result_page_query_budget(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(RESULT_BUDGET):
        assert result(client, full_query()).status_code == 200


def _count_result_queries(client) -> tuple[int, int]:
    """Queries for a cold snapshot cache, then for a warm one."""
    clear_caches()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert result(client, full_query()).status_code == 200
        counts.append(len(captured))
    return counts[0], counts[1]


def test_result_queries_do_not_grow_with_content_size(client, request):
    real_guide = _count_result_queries(client)

    request.getfixturevalue("empty_guide")
    make_guide(approaches=7, methods_per_approach=50)
    large_guide = _count_result_queries(client)

    assert large_guide == real_guide
    assert real_guide[0] <= RESULT_BUDGET


def test_result_page_renders_for_generated_guide(client, empty_guide):
    make_guide(approaches=7, methods_per_approach=50)
    response = result(client, full_query())

    assert response.status_code == 200
    assert query_of(response.wsgi_request.get_full_path()) == query_of("?" + full_query())


def test_each_result_view_is_counted_anonymously(client):
    from content.models import UsageCount

    result(client, full_query(funding="none"))
    result(client, full_query(funding="none"))

    counted = UsageCount.objects.get(dimension="answer:funding", value="none")
    assert counted.count == 2
    assert not UsageCount.objects.filter(value__contains="127.0.0.1").exists()


def test_usage_counts_are_batched_and_written_in_one_statement(
    client, settings, django_assert_num_queries
):
    from content.models import UsageCount
    from content.services import flush_usage

    settings.USAGE_FLUSH_SECONDS = 3600
    result(client, full_query(funding="substantial"))
    result(client, full_query(funding="substantial"))
    assert not UsageCount.objects.filter(dimension="answer:funding").exists()

    with django_assert_num_queries(1):
        flush_usage()

    assert UsageCount.objects.get(dimension="answer:funding", value="substantial").count == 2


def test_a_cold_result_page_costs_one_query(client, settings, django_assert_num_queries):
    """A never-seen answer set, on a worker that already holds the guide: the revision read,
    nothing else (no health check, no second revision read, no snapshot load)."""
    settings.USAGE_FLUSH_SECONDS = 3600  # as in production: counts are written in batches
    assert result(client, full_query()).status_code == 200  # the snapshot is now in memory

    with django_assert_num_queries(1):
        response = result(client, full_query(funding="none", audience=[AUDIENCES[-1]]))

    assert response.status_code == 200
    assert response.wsgi_request.page_cache_outcome == "miss"
