"""Admin names read as English: "Approaches", not "Approachs"."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory


def test_no_model_in_the_admin_has_a_made_up_plural():
    registered = [m for m in admin.site._registry if m._meta.app_label in ("content", "selector")]
    assert registered
    for model in registered:
        plural = str(model._meta.verbose_name_plural)
        assert not plural.endswith(("chs", "shs", "xs", "ss")) or plural.endswith("sses"), plural


@pytest.mark.django_db
def test_the_admin_sidebar_says_approaches(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    text = client.get(reverse("admin:index")).content.decode()
    assert "Approaches" in text and "Approachs" not in text
