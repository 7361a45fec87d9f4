"""Saving, tailoring and recomputing plans; keys that cannot be guessed."""

from __future__ import annotations

import hashlib
import logging
import re
import string

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from content import models as content
from content.choices import Status
from content.snapshot import get_snapshot
from selector.models import NOTE_MAX_LENGTH, Plan, PlanMethod
from selector.plan_selectors import get_plan_by_key
from selector.plans import create_plan_from_answers, new_key
from spreadguide.logging import RedactPlanKeys
from tests.factories import UserFactory

from .plans_support import (
    form_data,
    make_saved_plan,
    make_tailored_plan,
    plan_url,
    typical_answers,
    typical_query,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved_plan(db):
    return make_saved_plan()


@pytest.fixture
def tailored_plan(db):
    return make_tailored_plan()


def _save(client: Client, **post: str):
    return client.post(reverse("selector:plan-create"), post or {"answers": typical_query()})


# --- Saving ---------------------------------------------------------------------------------


def test_save_this_plan_redirects_to_its_private_link_with_a_warning(client):
    response = _save(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/plans/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Your plan is saved: keep this link" in text
    assert text.count("http://testserver" + response["Location"]) == 1


def test_one_message_about_keeping_the_link_and_a_copy_button_for_scripts(client):
    response = _save(client)
    text = client.get(response["Location"]).content.decode()
    assert text.lower().count("keep this link") == 1
    assert "Your plan is saved." not in text  # not a second message beside it
    # The button is hidden until the script (which can copy) shows it.
    assert re.search(r'<p class="sg-copy" hidden><button[^>]*data-copy-from="plan-link"', text)
    again = client.get(response["Location"]).content.decode()
    assert "Keep this link" in again and "Your plan is saved" not in again


def test_save_accepts_each_answer_as_its_own_hidden_input(client):
    post = {
        k: list(v) if isinstance(v, tuple) else v for k, v in typical_answers().as_dict().items()
    }
    response = client.post(reverse("selector:plan-create"), post)
    assert response.status_code == 302
    assert Plan.objects.count() == 1


def test_save_with_incomplete_answers_is_a_clear_400(client):
    response = _save(client, answers="evidence=strong")
    assert response.status_code == 400
    assert "We could not read your answers" in response.content.decode()
    assert Plan.objects.count() == 0


def test_saving_needs_post(client):
    assert client.get(reverse("selector:plan-create")).status_code == 405


def test_plan_keeps_its_answers_and_content_version(saved_plan):
    plan, _ = saved_plan
    assert plan.answers == typical_answers().as_dict()
    assert plan.content_version == get_snapshot().version
    assert plan.methods.filter(recommended=True).exists()


def test_saved_plan_survives_a_restart(saved_plan):
    plan, key = saved_plan
    fresh = Client()  # no cookies, no session: only the link
    response = fresh.get(plan_url(key))
    assert response.status_code == 200
    again = get_plan_by_key(key)
    assert again is not None and again.pk == plan.pk
    assert [m.slug for m in again.methods.all()] == [m.slug for m in plan.methods.all()]


# --- Keys -----------------------------------------------------------------------------------


def test_keys_carry_at_least_128_bits_and_differ():
    keys = {new_key() for _ in range(200)}
    assert len(keys) == 200
    allowed = set(string.ascii_letters + string.digits + "-_")
    for key in keys:
        assert set(key) <= allowed
        assert len(key) * 6 >= 128  # 6 bits per URL-safe base64 character
        assert len(key) >= 43  # 32 random bytes


def test_only_a_hash_of_the_key_is_stored(saved_plan):
    plan, key = saved_plan
    assert plan.key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = Plan.objects.filter(pk=plan.pk).values().get()
    assert key not in repr(stored)


def test_two_plans_get_different_keys(db):
    _, first = create_plan_from_answers(answers=typical_answers())
    _, second = create_plan_from_answers(answers=typical_answers())
    assert first != second


def test_a_forged_key_is_a_404_identical_to_any_other_wrong_key(client, saved_plan):
    _, key = saved_plan
    near_miss = key[:-1] + ("A" if key[-1] != "A" else "B")  # right but for one character
    random = new_key()
    first = client.get(plan_url(near_miss))
    second = client.get(plan_url(random))
    assert first.status_code == second.status_code == 404
    assert first.content == second.content
    assert "Page not found" in first.content.decode()
    assert key not in first.content.decode()


def test_a_wrong_key_on_an_export_is_the_same_404(client, saved_plan):
    page = client.get(plan_url(new_key()))
    export = client.get(reverse("selector:plan-export", kwargs={"key": new_key(), "fmt": "pdf"}))
    assert export.status_code == 404
    assert export.content == page.content


def test_a_key_is_looked_up_by_its_hash_never_by_prefix(django_assert_num_queries, saved_plan):
    _, key = saved_plan
    with django_assert_num_queries(1) as captured:
        assert get_plan_by_key(key[:10]) is None
    sql = captured.captured_queries[0]["sql"]
    assert hashlib.sha256(key[:10].encode()).hexdigest() in sql
    assert key[:10] not in sql.replace(hashlib.sha256(key[:10].encode()).hexdigest(), "")
    assert "LIKE" not in sql.upper()


def test_plan_keys_never_reach_the_logs(saved_plan):
    _, key = saved_plan
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"GET %s HTTP/1.1" 200',
        (f"/plans/{key}/export/pdf",),
        None,
    )
    RedactPlanKeys().filter(record)
    assert key not in record.getMessage()
    assert "/plans/[redacted]/export/pdf" in record.getMessage()


def test_plan_pages_are_never_cached_or_sent_to_other_sites_as_a_referrer(client, saved_plan):
    _, key = saved_plan
    response = client.get(plan_url(key))
    assert response["Cache-Control"] == "no-store"
    # same-origin keeps the key off other sites; no-referrer would break the edit form's CSRF
    # check in real browsers, which then send "Origin: null".
    assert response["Referrer-Policy"] == "same-origin"


# --- Tailoring ------------------------------------------------------------------------------


def test_edits_are_saved_and_redirect_back(client, saved_plan):
    plan, key = saved_plan
    dropped = plan.methods.first()
    data = form_data(plan, title="My plan", organisation="Org", owner="Me", note="Overall.")
    data.pop(f"m-{dropped.slug}-keep")
    data[f"m-{dropped.slug}-note"] = "Not this year."
    response = client.post(plan_url(key), data)
    assert response.status_code == 302 and response["Location"] == plan_url(key)
    plan.refresh_from_db()
    assert (plan.title, plan.organisation, plan.owner, plan.note) == (
        "My plan",
        "Org",
        "Me",
        "Overall.",
    )
    assert plan.version == 2
    dropped.refresh_from_db()
    assert dropped.included is False and dropped.note == "Not this year."
    assert "Your changes are saved." in client.get(plan_url(key)).content.decode()


def test_a_double_submit_saves_once_and_succeeds_twice(client, saved_plan):
    plan, key = saved_plan
    data = form_data(plan, title="Twice")
    assert client.post(plan_url(key), data).status_code == 302
    assert client.post(plan_url(key), data).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Twice" and plan.version == 2


def test_adding_a_method_the_engine_did_not_pick(client, saved_plan):
    plan, key = saved_plan
    present = set(plan.methods.values_list("slug", flat=True))
    extra = next(m for m in get_snapshot().methods if m.slug not in present)
    response = client.post(plan_url(key), form_data(plan, add=extra.slug))
    assert response.status_code == 302
    added = plan.methods.get(slug=extra.slug)
    assert added.recommended is False and added.included is True
    last = plan.methods.exclude(pk=added.pk).order_by("-order").first()
    assert added.phase == plan.methods.order_by("-pk").first().phase
    assert last is not None


def test_moving_a_method_to_another_phase_and_order(client, saved_plan):
    plan, key = saved_plan
    rows = list(plan.methods.all())
    phases = sorted({r.phase for r in rows})
    mover = rows[-1]
    target = next((p for p in phases if p != mover.phase), mover.phase)
    data = form_data(plan, **{f"m-{mover.slug}-phase": target, f"m-{mover.slug}-order": 0})
    assert client.post(plan_url(key), data).status_code == 302
    mover.refresh_from_db()
    assert (mover.phase, mover.order) == (target, 0)


def test_an_over_long_note_is_a_clear_error_and_nothing_is_lost(client, saved_plan):
    plan, key = saved_plan
    row = plan.methods.first()
    long_note = "x" * (NOTE_MAX_LENGTH + 1)
    data = form_data(plan, title="Kept title", **{f"m-{row.slug}-note": long_note})
    response = client.post(plan_url(key), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert (
        f"must be {NOTE_MAX_LENGTH:,} characters or fewer (it has {NOTE_MAX_LENGTH + 1:,})"
        in text.replace("2001", "2,001")
    )
    assert long_note in text  # the person's text comes back in the form
    assert "Kept title" in text
    plan.refresh_from_db()
    assert plan.title != "Kept title" and plan.version == 1


def test_an_over_long_overall_note_is_refused(client, saved_plan):
    plan, key = saved_plan
    response = client.post(plan_url(key), form_data(plan, note="y" * (NOTE_MAX_LENGTH + 1)))
    assert response.status_code == 400
    assert "The overall note must be 2,000 characters or fewer" in response.content.decode()


def test_an_unknown_method_slug_is_a_clear_error(client, saved_plan):
    plan, key = saved_plan
    response = client.post(plan_url(key), form_data(plan, add="not-a-real-method"))
    assert response.status_code == 400
    assert "not-a-real-method is not a method or lever in the guide" in response.content.decode()
    assert not plan.methods.filter(slug="not-a-real-method").exists()


def test_an_unknown_phase_is_a_clear_error(client, saved_plan):
    plan, key = saved_plan
    row = plan.methods.first()
    response = client.post(plan_url(key), form_data(plan, **{f"m-{row.slug}-phase": "never"}))
    assert response.status_code == 400
    assert f"Choose a phase for {row.name} from the list." in response.content.decode()


def test_a_stale_edit_from_another_tab_gets_a_conflict_and_loses_nothing(client, saved_plan):
    plan, key = saved_plan
    tab_a = form_data(plan, note="Written in tab A")
    tab_b = form_data(plan, note="Written in tab B")  # opened at the same version
    assert client.post(plan_url(key), tab_a).status_code == 302

    response = client.post(plan_url(key), tab_b)
    assert response.status_code == 409
    text = response.content.decode()
    assert "This plan was changed somewhere else" in text
    assert "Written in tab A" in text and "Written in tab B" in text  # both versions shown
    plan.refresh_from_db()
    assert plan.note == "Written in tab A" and plan.version == 2  # nothing overwritten

    # The form now carries the current version: saving again keeps tab B's text, knowingly.
    assert f'name="version" value="{plan.version}"' in text
    again = client.post(plan_url(key), {**tab_b, "version": plan.version})
    assert again.status_code == 302
    plan.refresh_from_db()
    assert plan.note == "Written in tab B"


# --- Recompute ------------------------------------------------------------------------------


def test_the_plan_says_when_the_guide_has_changed_and_recomputes(
    client, saved_plan, django_capture_on_commit_callbacks
):
    plan, key = saved_plan
    row = plan.methods.first()
    row.note = "Keep me"
    row.included = False
    row.save()
    assert "The guide has changed" not in client.get(plan_url(key)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        method = content.Method.objects.get(slug=row.slug)
        method.summary = method.summary + " Updated."
        method.save()
    assert get_snapshot().version != plan.content_version
    assert "The guide has changed" in client.get(plan_url(key)).content.decode()

    response = client.post(plan_url(key), {"action": "recompute"})
    assert response.status_code == 302
    plan.refresh_from_db()
    row.refresh_from_db()
    assert plan.content_version == get_snapshot().version
    assert (row.note, row.included) == ("Keep me", False)
    assert "The guide has changed" not in client.get(plan_url(key)).content.decode()


def test_recompute_moves_notes_on_withdrawn_methods_into_the_overall_note(
    client, saved_plan, django_capture_on_commit_callbacks
):
    plan, key = saved_plan
    row = plan.methods.first()
    row.note = "A note worth keeping"
    row.save()
    with django_capture_on_commit_callbacks(execute=True):
        content.Method.objects.filter(slug=row.slug).update(status=Status.DRAFT)
        content.GuideRevision.objects.update(number=content.GuideRevision.objects.get().number + 1)
    client.post(plan_url(key), {"action": "recompute"})
    plan.refresh_from_db()
    assert not PlanMethod.objects.filter(pk=row.pk).exists()
    assert f"Note on {row.name} (no longer in the guide): A note worth keeping" in plan.note


# --- Cost and access ------------------------------------------------------------------------


def test_plan_page_query_count_is_bounded(client, saved_plan, django_assert_max_num_queries):
    _, key = saved_plan
    client.get(plan_url(key))  # warm the guide snapshot cache
    # The plan with its methods and its phases (the board fields), and the guide checks.
    with django_assert_max_num_queries(5):
        assert client.get(plan_url(key)).status_code == 200


def test_content_editors_cannot_see_plans_in_the_admin(client, saved_plan):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="selector"))
    client.force_login(editor)
    assert client.get(reverse("admin:selector_plan_changelist")).status_code == 403
    plan, _ = saved_plan
    assert client.get(reverse("admin:selector_plan_change", args=[plan.pk])).status_code in (
        302,
        403,
    )


def test_superusers_can_see_plans_in_the_admin(client, saved_plan):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:selector_plan_changelist")).status_code == 200


def test_the_plan_page_prints_without_its_controls(client, saved_plan):
    _, key = saved_plan
    text = client.get(plan_url(key)).content.decode()
    forms = re.findall(r"<form[^>]*>", text)
    assert forms and all("sg-no-print" in f or 'name="action"' in text for f in forms)
    assert re.search(r'<form method="post" action="" class="sg-no-print', text)
    assert " style=" not in text and "onclick=" not in text  # the CSP allows neither
    assert 'id="summary-methods"' in text  # the summary itself prints
