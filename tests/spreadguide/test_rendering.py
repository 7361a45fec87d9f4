"""Pages rendered with ``render_page``: the same HTML as Django's ``render``, and what they were
rendered from freed by reference counting alone."""

from __future__ import annotations

import gc
import weakref

import pytest
from django.shortcuts import render

from spreadguide.rendering import render_page

pytestmark = pytest.mark.django_db


class Held:
    """Stands for a page's recommendation and summary."""

    def __str__(self) -> str:
        return "held value"


def test_a_page_is_what_django_s_render_gives(rf):
    request = rf.get("/plan/")

    ours = render_page(request, "404.html", {"held": Held()})
    django_s = render(request, "404.html", {"held": Held()})

    assert ours.status_code == django_s.status_code == 200
    assert ours.content == django_s.content


def test_what_a_page_was_rendered_from_is_freed_without_the_cycle_collector(rf):
    held = Held()
    freed = weakref.ref(held)
    gc.disable()
    try:
        response = render_page(rf.get("/"), "404.html", {"held": held})
        del held

        assert freed() is None
    finally:
        gc.enable()
    assert response.status_code == 200
