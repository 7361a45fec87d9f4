"""NHS.UK frontend 10 markup for breadcrumbs, the action link and the start button."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_breadcrumbs_sit_inside_the_width_container(client):
    text = client.get(reverse("content:approach-list")).content.decode()
    assert re.search(
        r'<div class="nhsuk-width-container">\s*<nav class="nhsuk-breadcrumb"', text
    ), "the breadcrumb nav must be inside the width container, not the other way round"


def test_the_home_page_action_link_has_the_v10_arrow(client):
    text = client.get(reverse("content:home")).content.decode()
    link = re.search(r'<a class="nhsuk-action-link"[^>]*>(.*?)</a>', text, re.S)
    assert link is not None
    assert 'class="nhsuk-icon nhsuk-icon--arrow-right-circle"' in link.group(1)
    assert '<span class="nhsuk-action-link__text">Start planning</span>' in link.group(1)


def test_start_now_is_the_standard_start_button(client):
    text = client.get(reverse("selector:start")).content.decode()
    button = re.search(r'<a class="([^"]*)"[^>]*>Start now</a>', text)
    assert button is not None and button.group(1) == "nhsuk-button"
