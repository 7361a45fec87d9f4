"""One question per step: GET, submit, errors, back links, htmx partials."""

from __future__ import annotations

import html
import re

import pytest

from selector.questions import QUESTIONS

from .wizard_support import FULL, full_query, path_of, query_of

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
STEP_BUDGET = 3  # queries per step page; a step reads no content


def step(name: str) -> str:
    return f"/plan/{name}/"


def attr(content: bytes, name: str, tag_pattern: str = "") -> str:
    match = re.search(rf'{tag_pattern}[^>]*\b{name}="([^"]*)"', content.decode())
    assert match, f"no {name} found"
    return html.unescape(match.group(1))


@pytest.mark.parametrize(("number", "question"), list(enumerate(QUESTIONS, start=1)))
def test_every_step_shows_its_question_and_progress(client, number, question):
    response = client.get(step(question.name))

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert html.escape(question.title, quote=False) in body
    assert f"Question {number} of {len(QUESTIONS)}" in body
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert f"Question {number} of {len(QUESTIONS)}: " in html.unescape(title)


def test_step_page_issues_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(STEP_BUDGET):
        client.get(step("funding") + "?" + full_query())


def test_step_prefills_answer_from_query(client):
    response = client.get(step("funding") + "?funding=limited")

    assert re.search(r'value="limited"[^>]*checked', response.content.decode())


def test_valid_submit_redirects_303_to_next_step_with_answer(client):
    response = client.post(step("evidence"), {"evidence": "strong"})

    assert response.status_code == 303
    # The next question is optional (how far it has spread), and still asked.
    assert path_of(response["Location"]) == step("spread_so_far")
    assert query_of(response["Location"]) == {"evidence": ["strong"]}


def test_submit_keeps_previous_answers(client):
    response = client.post(
        step("level") + "?evidence=strong&complexity=complex", {"level": "local"}
    )

    assert query_of(response["Location"]) == {
        "evidence": ["strong"],
        "complexity": ["complex"],
        "level": ["local"],
    }


def test_submit_skips_to_next_unanswered_step(client):
    query = full_query(funding=None)
    response = client.post(step("evidence") + "?" + query, {"evidence": "promising"})

    assert path_of(response["Location"]) == step("funding")
    assert query_of(response["Location"])["evidence"] == ["promising"]


def test_last_step_redirects_to_check_page(client):
    response = client.post(
        step("capacity") + "?" + full_query(capacity=None), {"capacity": "limited"}
    )

    assert path_of(response["Location"]) == "/plan/check/"
    assert query_of(response["Location"])["capacity"] == ["limited"]


def test_optional_question_accepts_no_selection(client):
    response = client.post(step("audience") + "?evidence=strong", {})

    assert response.status_code == 303
    assert path_of(response["Location"]) == step("motivation")
    assert "audience" not in query_of(response["Location"])


def test_optional_question_keeps_several_values_in_question_order(client):
    response = client.post(step("audience"), {"audience": ["industry", "clinicians"]})

    assert query_of(response["Location"])["audience"] == ["clinicians", "industry"]


def test_back_link_goes_to_previous_step_with_answers(client):
    response = client.get(step("level") + "?evidence=strong&complexity=simple")

    back = attr(response.content, "href", r'<a class="nhsuk-back-link"')
    assert path_of(back) == step("setting_complexity")
    assert query_of(back) == {"evidence": ["strong"], "complexity": ["simple"]}


def test_first_step_back_link_goes_to_start_page(client):
    response = client.get(step("evidence"))

    assert attr(response.content, "href", r'<a class="nhsuk-back-link"') == "/plan/"


def test_form_action_carries_the_other_answers(client):
    response = client.get(step("level") + "?evidence=strong&level=local")

    action = attr(response.content, "action", "<form")
    assert path_of(action) == step("level")
    assert query_of(action) == {"evidence": ["strong"]}


@pytest.mark.parametrize(
    "data",
    [{}, {"evidence": "excellent"}, {"evidence": ""}, {"evidence": ["strong", "limited"]}],
    ids=["missing", "unknown", "empty", "repeated"],
)
def test_invalid_answer_shows_error_summary_linking_to_field(client, data):
    response = client.post(step("evidence"), data)

    assert response.status_code == 200
    body = response.content.decode()
    assert "nhsuk-error-summary" in body
    assert 'href="#id_evidence"' in body
    assert 'id="id_evidence"' in body  # the link's target is the first radio
    assert "nhsuk-error-message" in body
    assert "<title>Error: " in body


def test_invalid_value_in_link_for_this_step_shows_the_error(client):
    response = client.get(step("funding") + "?funding=lots")

    assert response.status_code == 200
    assert 'href="#id_funding"' in response.content.decode()


def test_tampered_other_answers_do_not_crash_and_are_dropped(client):
    response = client.get(step("level") + "?evidence=bogus&complexity=simple&complexity=complex")

    assert response.status_code == 200
    body = response.content.decode()
    assert "not recognised" in body
    assert query_of(attr(response.content, "action", "<form")) == {}


def test_tampered_answers_are_asked_again_after_submit(client):
    query = full_query(evidence="bogus", capacity=None)
    response = client.post(step("capacity") + "?" + query, {"capacity": "limited"})

    assert path_of(response["Location"]) == step("evidence")
    assert "evidence" not in query_of(response["Location"])
    assert query_of(response["Location"])["capacity"] == ["limited"]


def test_unknown_step_is_404(client):
    assert client.get("/plan/not-a-question/").status_code == 404


def test_htmx_get_returns_partial_with_title_and_push_url(client):
    url = step("energy") + "?evidence=strong"
    response = client.get(url, headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "data-page-title=" in body and "Question 11 of 14" in body
    assert response["HX-Push-Url"] == url
    assert "HX-Request" in response["Vary"]


def test_full_page_varies_on_htmx_header(client):
    response = client.get(step("energy"))

    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_htmx_invalid_submit_answers_200_partial_without_new_history_entry(client):
    response = client.post(step("energy"), {"energy": "huge"}, headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "nhsuk-error-summary" in response.content.decode()
    assert response["HX-Push-Url"] == "false"


def test_htmx_valid_submit_redirect_is_followed_to_a_partial(client):
    response = client.post(step("evidence"), {"evidence": "strong"}, headers=HTMX, follow=True)

    assert response.redirect_chain[0][1] == 303
    assert "<html" not in response.content.decode()
    assert response["HX-Push-Url"] == "/plan/spread_so_far/?evidence=strong"


def test_steps_enhance_links_and_forms_with_htmx_beside_plain_urls(client):
    body = client.get(step("level") + "?evidence=strong").content.decode()

    assert re.search(
        r'href="([^"]+)" hx-get="\1" hx-target="#maincontent" hx-push-url="true"', body
    )
    assert re.search(r'action="([^"]+)" hx-post="\1" hx-target="#maincontent"', body)


def test_full_answers_fixture_is_complete():
    # Guards the helpers the other tests lean on.
    assert set(FULL) == {q.name for q in QUESTIONS}
