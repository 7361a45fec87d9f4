"""The result page, with the real engine over the real guide."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from selector.engine import recommend, recommend_for
from selector.questions import QUESTION_BY_NAME, QUESTIONS
from tests.conftest import clear_caches
from tests.factories import make_guide

from .wizard_support import answers, full_query, path_of, query_of

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
    assert "data-glance" in body
    assert recommendation.content_version in body


def test_result_shows_reasons_and_considerations(client):
    recommendation = recommend_for(answers())
    body = result(client, full_query()).content.decode()

    reason = recommendation.approaches[0].reasons[0].text
    assert reason.replace("'", "&#x27;") in body
    method = next(m for m in recommendation.recommended_methods if m.considerations)
    assert "Practical considerations" in body
    assert method.considerations[0].topic_label in body


def test_chart_is_html_bars_one_per_approach_with_the_score_as_text(client):
    recommendation = recommend_for(answers())
    body = result(client, full_query()).content.decode()
    bars = re.search(r'<ol class="sg-bars".*?</ol>', body, re.S).group(0)

    assert bars.count('class="sg-bars__row"') == len(recommendation.approaches)
    for approach in recommendation.approaches:
        assert f'width="{approach.score}"' in bars
        assert f'{approach.score}<span class="nhsuk-u-visually-hidden"> out of 100' in bars
    assert "<text" not in bars  # the words are HTML, so they keep the page's text size


def test_reasons_and_considerations_tables_are_responsive(client):
    body = result(client, full_query()).content.decode()

    assert 'class="nhsuk-table nhsuk-table-responsive sg-reasons"' in body
    assert 'class="nhsuk-table nhsuk-table-responsive sg-considerations"' in body
    assert "sg-table-scroll" not in body


def test_scoring_detail_is_inside_how_this_was_scored(client):
    body = result(client, full_query()).content.decode()
    details = re.search(r'<details class="nhsuk-details" id="how-scored">.*?</details>', body, re.S)

    assert "How this was scored" in details.group(0)
    assert 'class="nhsuk-table nhsuk-table-responsive sg-reasons"' in details.group(0)


def test_sections_follow_the_at_a_glance_panel_in_order(client):
    body = result(client, full_query()).content.decode()
    order = [
        "data-glance",
        'id="methods"',
        'id="how-scored"',
        'id="approaches"',
        'id="not-recommended"',
        'id="case-examples"',
        'id="what-if"',
    ]
    positions = [body.find(marker) for marker in order]

    assert -1 not in positions and positions == sorted(positions)


def test_not_ready_shows_a_red_readiness_tag(client):
    body = result(client, full_query(evidence="limited")).content.decode()

    assert '<strong class="nhsuk-tag nhsuk-tag--red">Not ready to spread yet</strong>' in body


def test_promising_evidence_shows_one_wording_for_care(client):
    body = result(client, full_query(evidence="promising")).content.decode()

    assert '<strong class="nhsuk-tag nhsuk-tag--yellow">Spread with care</strong>' in body
    assert "Spread with caution" not in body and "Ready to spread, with care" not in body


def test_change_link_for_every_answer_returns_to_result(client):
    body = result(client, full_query()).content.decode()
    links = re.findall(r'href="(/plan/[a-z_]+/\?[^"]+)"[^>]*>Change<', body)

    assert len(links) == len(QUESTIONS)
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
    from selector.usage import flush_usage

    settings.USAGE_FLUSH_SECONDS = 3600
    result(client, full_query(funding="substantial"))
    result(client, full_query(funding="substantial"))
    assert not UsageCount.objects.filter(dimension="answer:funding").exists()

    with django_assert_num_queries(1):
        flush_usage()

    assert UsageCount.objects.get(dimension="answer:funding", value="substantial").count == 2


def test_contract_fields_show_on_the_result_page(client, monkeypatch):
    from selector import views
    from tests.factories import with_contract_fields

    monkeypatch.setattr(
        views,
        "recommend",
        lambda answers, snapshot: with_contract_fields(recommend(answers, snapshot)),
    )
    body = result(client, full_query()).content.decode()
    glance = re.search(r'<section class="sg-glance".*?</section>', body, re.S)[0]

    assert "Holds for 8 of 9 answer changes" in glance
    assert "Needs a contract or payment lever that this team does not hold." in body
    assert "A partial fit: check local capacity before committing." in body
    assert "(about as good as the best)" in body


def test_result_page_lists_what_was_considered_and_not_recommended(client):
    body = result(client, full_query(lead="provider", funding="none")).content.decode()
    recommendation = recommend_for(answers(lead="provider", funding="none"))
    assert recommendation.not_recommended
    assert body.count('id="not-recommended"') == 1
    for item in recommendation.not_recommended:
        assert item.sentence.replace("'", "&#x27;") in body
    assert recommendation.robustness.sentence.replace("'", "&#x27;") in body
    assert 'id="score-scale"' in body


def test_a_partial_fit_shows_its_caveat(client):
    query = full_query(evidence="limited", funding="none", capacity="limited")
    recommendation = recommend_for(answers(evidence="limited", funding="none", capacity="limited"))
    caveats = [m.caveat for m in recommendation.recommended_methods if m.caveat]
    assert caveats
    body = result(client, query).content.decode()
    assert all(c.replace("'", "&#x27;") in body for c in caveats)


def test_a_cold_result_page_costs_one_query(client, settings, django_assert_num_queries):
    """A never-seen answer set, on a worker that already holds the guide: the revision read,
    nothing else (no health check, no second revision read, no snapshot load)."""
    settings.USAGE_FLUSH_SECONDS = 3600  # as in production: counts are written in batches
    settings.GUIDE_REVISION_RECHECK_SECONDS = 0  # the revision is read on this request too
    assert result(client, full_query()).status_code == 200  # the snapshot is now in memory

    with django_assert_num_queries(1):
        response = result(client, full_query(funding="none", audience=[AUDIENCES[-1]]))

    assert response.status_code == 200
    assert response.wsgi_request.page_cache_outcome == "miss"


def test_a_cold_result_page_soon_after_another_costs_no_query(
    client, settings, django_assert_num_queries
):
    settings.USAGE_FLUSH_SECONDS = 3600
    settings.GUIDE_REVISION_RECHECK_SECONDS = 60  # longer than any test machine takes
    assert result(client, full_query()).status_code == 200

    with django_assert_num_queries(0):
        response = result(client, full_query(funding="none", audience=[AUDIENCES[-1]]))

    assert response.status_code == 200


def test_a_method_cards_assessment_notes_are_folded_into_one_disclosure(client):
    body = result(client, full_query()).content.decode()
    cards = body.split('<section class="sg-method"')[1:]
    folded = [card.count('class="nhsuk-details sg-assessed"') for card in cards]
    assert cards and max(folded) == 1
    assert 'sg-assessed"><strong' not in body  # no note left standing on its own
