"""What a board asks for on a saved plan: the decision sought, key risks and each phase's
months, owner, cost and measure; kept through edit, recompute and the JSON export."""

from __future__ import annotations

import json
import re

import pytest

from content import models as content
from content.snapshot import get_snapshot
from selector.models import Plan

from .plans_support import (
    export_url,
    form_data,
    make_one_phase_plan,
    page_form,
    phase_name,
    plan_url,
)

pytestmark = pytest.mark.django_db

BOARD = {
    "decision_sought": "Approve £120k for the first two phases.",
    "key_risks": "Clinical leads leave\nData sharing agreements are slow",
    "p-now-start_month": "1",
    "p-now-end_month": "6",
    "p-now-owner": "Dr A. Lead",
    "p-now-cost_estimate": "£40,000",
    "p-now-success_measure": "Three sites live by month 6",
    "p-later-owner": "Programme board",
}


@pytest.fixture
def saved_plan(db):
    return make_one_phase_plan()


def _save_board(client, plan, key):
    response = client.post(plan_url(key), form_data(plan, **BOARD))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Plan.objects.get(pk=plan.pk)


def test_board_fields_are_saved_and_shown_again_in_the_form(client, saved_plan):
    plan, key = saved_plan
    plan = _save_board(client, plan, key)
    assert plan.decision_sought == BOARD["decision_sought"]
    assert plan.key_risks == BOARD["key_risks"]
    now = plan.phases.get(when="now")
    assert (now.start_month, now.end_month, now.owner) == (1, 6, "Dr A. Lead")
    assert (now.cost_estimate, now.success_measure) == ("£40,000", "Three sites live by month 6")
    # A phase the engine did not use can still carry details.
    assert plan.phases.get(when="later").owner == "Programme board"
    shown = page_form(client.get(plan_url(key)).content.decode())
    assert {name: shown[name] for name in BOARD} == BOARD


def test_an_end_month_before_the_start_is_a_clear_error(client, saved_plan):
    plan, key = saved_plan
    data = form_data(plan, **{"p-now-start_month": "7", "p-now-end_month": "3"})
    response = client.post(plan_url(key), data)
    assert response.status_code == 400
    text = response.content.decode()
    now = phase_name(plan, "now")
    assert f"End month of {now} must be the same as or after its start month" in text
    assert 'href="#id_p-now-end_month"' in text  # the summary links to the field
    assert not Plan.objects.get(pk=plan.pk).phases.exists()


@pytest.mark.parametrize("month", ["0", "121", "six", "1.5"])
def test_months_must_be_whole_numbers_from_1_to_120(client, saved_plan, month):
    plan, key = saved_plan
    response = client.post(plan_url(key), form_data(plan, **{"p-now-start_month": month}))
    assert response.status_code == 400
    now = phase_name(plan, "now")
    assert f"Start month of {now} must be a whole number from 1 to 120" in response.content.decode()


def test_the_same_start_and_end_month_is_allowed(client, saved_plan):
    plan, key = saved_plan
    data = form_data(plan, **{"p-now-start_month": "4", "p-now-end_month": "4"})
    assert client.post(plan_url(key), data).status_code == 302


@pytest.mark.parametrize(
    ("name", "limit", "message"),
    [
        ("p-now-owner", 200, "The owner of {now} must be 200 characters or fewer"),
        ("decision_sought", 1000, "The decision sought must be 1,000 characters or fewer"),
        ("key_risks", 2000, "Key risks must be 2,000 characters or fewer"),
    ],
)
def test_board_text_has_clear_length_limits(client, saved_plan, name, limit, message):
    plan, key = saved_plan
    response = client.post(plan_url(key), form_data(plan, **{name: "x" * (limit + 1)}))
    assert response.status_code == 400
    assert message.format(now=phase_name(plan, "now")) in response.content.decode()


def test_board_fields_survive_a_recompute(client, saved_plan, django_capture_on_commit_callbacks):
    plan, key = saved_plan
    _save_board(client, plan, key)
    with django_capture_on_commit_callbacks(execute=True):
        method = content.Method.objects.get(slug=plan.methods.first().slug)
        method.summary += " Updated."
        method.save()
    assert client.post(plan_url(key), {"action": "recompute"}).status_code == 302
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.content_version == get_snapshot().version
    assert plan.decision_sought == BOARD["decision_sought"]
    assert plan.phases.get(when="now").owner == "Dr A. Lead"


def test_board_fields_are_in_the_json_export(client, saved_plan):
    plan, key = saved_plan
    _save_board(client, plan, key)
    board = json.loads(client.get(export_url(key, "json")).content)["board"]
    assert board["decision_sought"] == BOARD["decision_sought"]
    assert board["key_risks"] == ["Clinical leads leave", "Data sharing agreements are slow"]
    now = next(p for p in board["phases"] if p["when"] == "now")
    assert (now["start_month"], now["end_month"], now["cost_estimate"]) == (1, 6, "£40,000")
    assert [p["when"] for p in board["phases"]] == ["now", "later"]


def test_a_method_can_move_to_a_phase_the_engine_did_not_use(client, saved_plan):
    plan, key = saved_plan
    assert {p["when"] for p in plan.recommendation["plan"]} == {"now"}
    mover = plan.methods.first()
    data = form_data(plan, **{f"m-{mover.slug}-phase": "later"})
    assert client.post(plan_url(key), data).status_code == 302
    mover.refresh_from_db()
    assert mover.phase == "later"
    summary = json.loads(client.get(export_url(key, "json")).content)
    later = [p for p in summary["phases"] if mover.name in p["methods"]]
    assert [p["name"] for p in later] == [phase_name(plan, "later")]


def test_methods_to_add_are_checkboxes_grouped_by_approach(client, saved_plan):
    plan, key = saved_plan
    text = client.get(plan_url(key)).content.decode()
    assert "<select multiple" not in text and 'name="add" multiple' not in text
    snapshot = get_snapshot()
    present = set(plan.methods.values_list("slug", flat=True))
    for approach in snapshot.approaches:
        offered = [m for m in snapshot.methods if m.approach == approach.slug]
        offered = [m for m in offered if m.slug not in present]
        if not offered:
            continue
        legend = f'<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{approach.name}</legend>'
        assert legend in text
        group = text.split(legend, 1)[1].split("</fieldset>", 1)[0]
        assert re.findall(r'name="add" type="checkbox" value="([^"]+)"', group) == [
            m.slug for m in offered
        ]


def test_adding_two_methods_with_checkboxes(client, saved_plan):
    plan, key = saved_plan
    present = set(plan.methods.values_list("slug", flat=True))
    extra = [m.slug for m in get_snapshot().methods if m.slug not in present][:2]
    assert client.post(plan_url(key), form_data(plan, add=extra)).status_code == 302
    assert set(extra) <= set(plan.methods.values_list("slug", flat=True))


def test_the_form_lists_methods_in_plan_order(client, saved_plan):
    plan, key = saved_plan
    rows = list(plan.methods.order_by("order"))
    last = rows[-1]
    data = form_data(plan, **{f"m-{last.slug}-order": "0"})
    assert client.post(plan_url(key), data).status_code == 302
    text = client.get(plan_url(key)).content.decode()
    shown = re.findall(r'name="m-([a-z0-9-]+)-phase"', text)
    assert shown == [last.slug, *(r.slug for r in rows[:-1])]


def test_board_fields_are_shown_read_only_so_they_print(client, saved_plan):
    plan, key = saved_plan
    assert "sg-plan-board" not in client.get(plan_url(key)).content.decode()
    _save_board(client, plan, key)
    text = client.get(plan_url(key)).content.decode()
    board = text.split('<section class="sg-plan-board"', 1)[1].split("</section>", 1)[0]
    assert "sg-no-print" not in board
    assert BOARD["decision_sought"] in board and "<li>Clinical leads leave</li>" in board
    assert "1 to 6" in board and "Dr A. Lead" in board and "Programme board" in board


def test_a_made_up_version_number_says_why_it_is_refused(client, saved_plan):
    plan, key = saved_plan
    response = client.post(plan_url(key), form_data(plan, version="abc"))
    assert response.status_code == 400
    assert "Reload the plan" in response.content.decode()
