"""Two tabs on one plan: a stale save merges three ways and never undoes the other tab's save."""

from __future__ import annotations

import pytest

from content.snapshot import get_snapshot
from selector.models import Plan

from .plans_support import form_data, make_saved_plan, page_form, plan_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved_plan(db):
    return make_saved_plan()


def _two_tabs(client, key):
    """Both tabs load the page before either saves: what each would post, untouched."""
    html = client.get(plan_url(key)).content.decode()
    return page_form(html), page_form(html)


def _conflict_then_save_again(client, key, tab_a, tab_b):
    assert client.post(plan_url(key), tab_a).status_code == 302
    response = client.post(plan_url(key), tab_b)
    assert response.status_code == 409
    again = client.post(plan_url(key), page_form(response.content.decode()))
    assert again.status_code == 302
    return response.content.decode()


def test_a_title_from_tab_a_survives_tab_b_saving_a_note_again(client, saved_plan):
    plan, key = saved_plan
    tab_a, tab_b = _two_tabs(client, key)
    tab_a["title"] = "Title from tab A"
    tab_b["note"] = "Note from tab B"
    text = _conflict_then_save_again(client, key, tab_a, tab_b)
    assert "This plan was changed somewhere else" in text
    assert "Changed in the other version (kept)" in text and "Title from tab A" in text
    plan.refresh_from_db()
    assert (plan.title, plan.note) == ("Title from tab A", "Note from tab B")
    assert plan.version == 3


def test_board_fields_from_tab_a_survive_tab_b_saving_again(client, saved_plan):
    plan, key = saved_plan
    tab_a, tab_b = _two_tabs(client, key)
    tab_a.update(
        {
            "decision_sought": "Approve phase 1 funding",
            "p-now-owner": "Dr A",
            "p-now-end_month": "6",
        }
    )
    tab_b.update({"key_risks": "Staff turnover", "p-now-cost_estimate": "£40,000"})
    _conflict_then_save_again(client, key, tab_a, tab_b)
    plan = Plan.objects.get(pk=plan.pk)
    assert (plan.decision_sought, plan.key_risks) == ("Approve phase 1 funding", "Staff turnover")
    now = plan.phases.get(when="now")
    assert (now.owner, now.end_month, now.cost_estimate) == ("Dr A", 6, "£40,000")


def test_method_fields_from_tab_a_survive_tab_b_saving_again(client, saved_plan):
    plan, key = saved_plan
    first, second = list(plan.methods.all())[:2]
    tab_a, tab_b = _two_tabs(client, key)
    tab_a[f"m-{first.slug}-note"] = "Tab A's note"
    del tab_a[f"m-{second.slug}-keep"]  # unticked
    tab_b.update({f"m-{second.slug}-phase": "later", f"m-{first.slug}-order": "9"})
    _conflict_then_save_again(client, key, tab_a, tab_b)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.note, first.order) == ("Tab A's note", 9)
    assert (second.included, second.phase) == (False, "later")


def test_a_method_added_in_tab_a_is_not_dropped_by_tab_b(client, saved_plan):
    plan, key = saved_plan
    tab_a, tab_b = _two_tabs(client, key)
    present = set(plan.methods.values_list("slug", flat=True))
    extra = next(m.slug for m in get_snapshot().methods if m.slug not in present)
    tab_a["add"] = [extra]
    tab_b["title"] = "B"
    _conflict_then_save_again(client, key, tab_a, tab_b)
    added = plan.methods.get(slug=extra)
    assert added.included is True
    assert Plan.objects.get(pk=plan.pk).title == "B"


def test_a_true_conflict_shows_both_values_and_keeps_your_text(client, saved_plan):
    plan, key = saved_plan
    tab_a, tab_b = _two_tabs(client, key)
    tab_a["note"] = "Tab A's overall note"
    tab_b["note"] = "Tab B's overall note"
    assert client.post(plan_url(key), tab_a).status_code == 302
    response = client.post(plan_url(key), tab_b)
    assert response.status_code == 409
    text = response.content.decode()
    assert "Changed in both versions" in text
    assert "Tab A&#x27;s overall note" in text or "Tab A's overall note" in text
    refilled = page_form(text)
    assert refilled["note"] == "Tab B's overall note"  # the person's text is kept
    assert Plan.objects.get(pk=plan.pk).note == "Tab A's overall note"  # nothing saved yet
    # Saving again is a knowing choice: the form's base is now the saved version.
    assert client.post(plan_url(key), refilled).status_code == 302
    assert Plan.objects.get(pk=plan.pk).note == "Tab B's overall note"


def test_a_stale_double_submit_is_a_success_that_changes_nothing(client, saved_plan):
    plan, key = saved_plan
    data = form_data(plan, title="Once")
    assert client.post(plan_url(key), data).status_code == 302
    assert client.post(plan_url(key), data).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Once" and plan.version == 2


def test_a_form_without_a_base_counts_every_difference_as_a_clash(client, saved_plan):
    plan, key = saved_plan
    tab_b = form_data(plan, base=False, note="From an old page")
    assert client.post(plan_url(key), form_data(plan, title="A")).status_code == 302
    response = client.post(plan_url(key), tab_b)
    assert response.status_code == 409
    assert "Changed in both versions" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).title == "A"


def test_a_nonsense_base_is_treated_as_no_base(client, saved_plan):
    plan, key = saved_plan
    tab_b = {**form_data(plan, note="x"), "base": "[1]"}
    assert client.post(plan_url(key), form_data(plan, title="A")).status_code == 302
    response = client.post(plan_url(key), tab_b)
    assert response.status_code == 409
    assert "Changed in both versions" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).title == "A"
