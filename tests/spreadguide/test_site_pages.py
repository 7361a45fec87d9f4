"""Privacy, accessibility and feedback pages, linked from every page's footer."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from spreadguide import pages

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["privacy", "accessibility", "feedback"])
def test_each_page_is_in_the_footer_of_every_page(client, name):
    home = client.get("/").content.decode()
    footer = home.split('<footer class="nhsuk-footer"', 1)[1]
    assert f'href="{reverse(name)}"' in footer


@pytest.mark.parametrize("name", ["privacy", "accessibility", "feedback"])
def test_each_page_needs_no_database(client, name, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert client.head(reverse(name)).status_code == 200


def test_the_privacy_page_says_what_a_saved_plan_and_the_usage_counts_store(client):
    text = client.get(reverse("privacy")).content.decode()
    for stored in ("Saved plans", "decision sought", "one-way fingerprint", "Usage counts"):
        assert stored in text
    assert "Nothing you enter is stored" not in text


def test_the_start_page_no_longer_says_nothing_is_stored(client):
    text = client.get(reverse("selector:start")).content.decode()
    assert "Nothing you enter is stored" not in text
    assert f'href="{reverse("privacy")}"' in text


def test_the_privacy_page_renders_without_the_teams_part(client, monkeypatch):
    monkeypatch.setattr(pages, "TEAMS_PRIVACY", "teams/_no_such_template.html")
    assert client.get(reverse("privacy")).status_code == 200


def test_the_privacy_page_includes_the_teams_part_when_there_is_one(client, tmp_path, settings):
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "_privacy.html").write_text("<h2>Team plans</h2><p>Team part.</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    assert "Team part." in client.get(reverse("privacy")).content.decode()


@override_settings(FEEDBACK_EMAIL="spread@example.nhs.uk")
def test_feedback_and_accessibility_give_the_contact_when_set(client):
    for name in ("feedback", "accessibility", "privacy"):
        assert "mailto:spread@example.nhs.uk" in client.get(reverse(name)).content.decode()
