"""Whole journeys through the wizard, as a browser without JavaScript and as htmx would."""

from __future__ import annotations

import html
import re

import pytest

from selector.questions import QUESTIONS

from .wizard_support import FULL, full_query, path_of, query_of

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def first(pattern: str, content: bytes) -> str:
    match = re.search(pattern, content.decode(), re.S)
    assert match, pattern
    return html.unescape(match.group(1))


def form_data(name: str) -> dict[str, object]:
    value = FULL[name]
    return {name: list(value)} if isinstance(value, tuple) else {name: value}


def test_plain_journey_from_start_page_to_result(client):
    start = client.get("/plan/")
    url = first(r'<a class="nhsuk-button[^"]*" href="([^"]+)"', start.content)
    seen = []
    while path_of(url) != "/plan/check/":
        page = client.get(url)
        assert page.status_code == 200
        action = first(r'<form method="post" action="([^"]+)"', page.content)
        name = path_of(url).strip("/").split("/")[-1]
        seen.append(name)
        response = client.post(action, form_data(name))
        assert response.status_code == 303
        url = response["Location"]

    assert seen == [q.name for q in QUESTIONS]
    check = client.get(url)
    assert check.status_code == 200
    result_url = first(r'href="([^"]+)"[^>]*>Get recommendations', check.content)
    assert query_of(result_url) == query_of("?" + full_query())
    result = client.get(result_url)
    assert result.status_code == 200
    assert "Your spread plan" in result.content.decode()


def test_htmx_journey_returns_partials_and_push_urls(client):
    url = "/plan/evidence/"
    for question in QUESTIONS:
        page = client.get(url, headers=HTMX)
        assert "<html" not in page.content.decode()
        assert page["HX-Push-Url"] == url
        action = first(r'hx-post="([^"]+)"', page.content)
        response = client.post(action, form_data(question.name), headers=HTMX, follow=True)
        assert response.status_code == 200
        assert "<html" not in response.content.decode()
        url = response["HX-Push-Url"]

    assert path_of(url) == "/plan/check/"
    result_url = first(r'hx-get="([^"]+)"[^>]*>Get recommendations', response.content)
    result = client.get(result_url, headers=HTMX)
    assert result.status_code == 200
    assert "<html" not in result.content.decode()
    assert result["HX-Push-Url"] == result_url


def test_change_from_check_page_returns_to_check_page(client):
    check = client.get("/plan/check/?" + full_query())
    change = first(r'href="(/plan/funding/[^"]+)"', check.content)
    assert query_of(change)["return"] == ["check"]

    page = client.get(change)
    assert "Back to your answers" in page.content.decode()
    action = first(r'<form method="post" action="([^"]+)"', page.content)
    response = client.post(action, {"funding": "substantial"})

    assert path_of(response["Location"]) == "/plan/check/"
    assert query_of(response["Location"])["funding"] == ["substantial"]
    assert "return" not in query_of(response["Location"])


def test_change_from_result_returns_to_result(client):
    result = client.get("/plan/result?" + full_query())
    change = first(r'href="(/plan/timescale/[^"]+)"', result.content)
    assert query_of(change)["return"] == ["result"]

    action = first(r'<form method="post" action="([^"]+)"', client.get(change).content)
    response = client.post(action, {"timescale": "long"})

    assert path_of(response["Location"]) == "/plan/result"
    assert query_of(response["Location"])["timescale"] == ["long"]


def test_change_link_back_link_returns_to_where_it_came_from(client):
    page = client.get("/plan/energy/?" + full_query() + "&return=result")

    back = first(r'<a class="nhsuk-back-link" href="([^"]+)"', page.content)
    assert path_of(back) == "/plan/result"


def test_change_with_answers_missing_goes_to_missing_step_first(client):
    query = full_query(capacity=None)
    response = client.post(f"/plan/funding/?{query}&return=check", {"funding": "limited"})

    assert path_of(response["Location"]) == "/plan/capacity/"
    assert query_of(response["Location"])["return"] == ["check"]


def test_check_page_lists_answers_with_change_links_naming_the_question(client):
    body = client.get("/plan/check/?" + full_query()).content.decode()

    assert body.count("nhsuk-summary-list__row") == len(QUESTIONS)
    assert 'Change<span class="nhsuk-u-visually-hidden"> funding</span>' in body
    assert "Get recommendations" in body


def test_check_page_lists_missing_answers_and_links_to_first(client):
    body = client.get("/plan/check/?" + full_query(level=None, energy=None)).content.decode()

    assert "not answered yet" in body
    assert "At what level of the system do you work?" in body
    assert re.search(r'href="/plan/level/[^"]*"[^>]*>Answer the first missing', body)
    assert "Get recommendations" not in body


def test_check_page_with_tampered_answer_does_not_crash(client):
    response = client.get("/plan/check/?" + full_query(funding="lots"))

    assert response.status_code == 200
    assert "Get recommendations" not in response.content.decode()
    assert "/plan/funding/?" in response.content.decode()


def test_check_page_htmx_partial(client):
    response = client.get("/plan/check/?" + full_query(), headers=HTMX)

    assert "<html" not in response.content.decode()
    assert 'data-page-title="Check your answers' in response.content.decode()


def test_check_page_issues_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/plan/check/?" + full_query())
