"""Recommended versus your plan: dropped, added, moved and reordered, on the page too."""

from __future__ import annotations

import pytest

from content.snapshot import get_snapshot
from selector.plan_changes import plan_changes

from .plans_support import form_data, make_one_phase_plan, phase_name, plan_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved_plan(db):
    return make_one_phase_plan()


def test_an_untouched_plan_is_the_recommendation(client, saved_plan):
    plan, key = saved_plan
    assert plan_changes(plan).unchanged
    text = client.get(plan_url(key)).content.decode()
    assert "Recommended versus your plan" in text
    assert "Your plan is the recommended plan" in text


def test_each_kind_of_change_is_named(client, saved_plan):
    plan, key = saved_plan
    first, second, third, *_ = list(plan.methods.order_by("order"))
    present = set(plan.methods.values_list("slug", flat=True))
    extra = next(m for m in get_snapshot().methods if m.slug not in present)
    data = form_data(
        plan,
        add=extra.slug,
        **{
            f"m-{first.slug}-keep": None,  # dropped
            f"m-{second.slug}-phase": "next",  # moved
            f"m-{third.slug}-order": "99",  # reordered: now last in its phase
        },
    )
    assert client.post(plan_url(key), data).status_code == 302
    changes = plan_changes(plan)
    assert changes.dropped == (first.name,)
    assert changes.added == (extra.name,)
    assert [(m.name, m.recommended_phase, m.your_phase) for m in changes.moved] == [
        (second.name, phase_name(plan, "now"), phase_name(plan, "next"))
    ]
    [reorder] = changes.reordered
    assert reorder.yours[-1] == third.name and reorder.recommended[0] == third.name
    text = client.get(plan_url(key)).content.decode()
    for heading in ("Recommended, but dropped", "Added by you", "Moved to another phase"):
        assert heading in text
    now, after = phase_name(plan, "now"), phase_name(plan, "next")
    assert f"{second.name}: recommended for {now}, now in {after}" in text
