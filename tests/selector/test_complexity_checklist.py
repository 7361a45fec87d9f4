"""'Help me decide' on complexity: the NASSS checklist's suggestion, and its page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from selector.complexity_checklist import DOMAINS, suggest

URL = reverse("selector:complexity-checklist")
INTERVENTION = [d.name for d in DOMAINS if d.question == "complexity"]
SITUATION = [d.name for d in DOMAINS if d.question == "setting_complexity"]


def ratings(**levels: str) -> dict[str, str]:
    return {d.name: levels.get(d.name, "simple") for d in DOMAINS}


def test_the_checklist_has_the_seven_nasss_domains_split_between_the_two_questions():
    assert len(DOMAINS) == 7
    assert len(INTERVENTION) == 3 and len(SITUATION) == 4


def test_all_simple_suggests_simple_for_both():
    intervention, situation = suggest(ratings())
    assert (intervention.value, situation.value) == ("simple", "simple")


def test_two_complex_domains_make_the_situation_complex_and_say_which():
    _, situation = suggest(ratings(adopters="complex", system="complex"))
    assert situation.value == "complex"
    assert any("wider system" in line for line in situation.why)


def test_one_complex_domain_makes_it_complicated_and_says_why_not_complex():
    intervention, _ = suggest(ratings(technology="complex"))
    assert intervention.value == "complicated"
    assert any("Only one domain is complex" in line for line in intervention.why)


def test_an_unrated_domain_is_refused():
    with pytest.raises(ValueError):
        suggest({"condition": "simple"})


@pytest.mark.django_db
def test_the_page_asks_about_every_domain_and_carries_the_answers(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = client.get(f"{URL}?evidence=strong&level=local")
    assert response.status_code == 200
    page = response.content.decode()
    for domain in DOMAINS:
        assert f'name="{domain.name}"' in page
    assert '<input type="hidden" name="evidence" value="strong">' in page
    assert 'id="suggestion"' not in page


@pytest.mark.django_db
def test_rating_the_domains_shows_the_suggestion_and_a_link_that_uses_it(client):
    query = "&".join(f"{name}=complex" for name in SITUATION[:2])
    query += "&" + "&".join(f"{name}=simple" for name in [*INTERVENTION, *SITUATION[2:]])
    response = client.get(f"{URL}?evidence=strong&{query}")
    page = response.content.decode()
    assert 'id="suggestion"' in page
    assert "The situation: complex" in page and "The intervention: simple" in page
    assert "complexity=simple" in page and "setting_complexity=complex" in page


@pytest.mark.django_db
def test_a_missing_rating_is_an_error_not_a_guess(client):
    response = client.get(f"{URL}?condition=simple")
    assert response.status_code == 200
    assert 'id="suggestion"' not in response.content.decode()
    assert "Choose how" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "step, offered", [("complexity", True), ("setting_complexity", True), ("evidence", False)]
)
def test_the_complexity_steps_offer_help_to_decide(client, step, offered):
    response = client.get(reverse("selector:step", args=[step]))
    assert (reverse("selector:complexity-checklist") in response.content.decode()) is offered
