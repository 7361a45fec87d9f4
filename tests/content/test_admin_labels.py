"""Inputs in the admin's tabular inlines each have a name naming their column and row."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import ConsiderationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_consideration_input_is_named_for_its_column_and_row(client):
    consideration = ConsiderationFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:content_method_change", args=[consideration.method.pk])
    text = client.get(url).content.decode()
    for column in ("Topic", "Text", "Order", "Delete"):
        assert f'aria-label="{column} (consideration 1)"' in text
    assert 'aria-label="Topic (new consideration)"' in text  # the row "Add another" copies
    inputs = re.findall(r'<(?:input|select|textarea)[^>]*name="considerations-0-[^"]*"[^>]*>', text)
    visible = [i for i in inputs if 'type="hidden"' not in i]
    assert visible and all("aria-label=" in i for i in visible)
