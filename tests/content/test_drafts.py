"""Drafts and publishing: hidden from the public, the engine and the API; previewable by
editors; published through a confirmed admin action; reverted from history."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from content import models, publishing
from content.choices import Status
from content.snapshot import get_snapshot
from selector.answers import Answers
from selector.engine import recommend_for
from tests.factories import MethodFactory, UserFactory, admin_form_data, make_editor, make_reviewer

pytestmark = pytest.mark.django_db

# No money, so a method's cost moves its score and its reasons.
NO_MONEY = Answers(
    evidence="strong",
    complexity="complicated",
    level="regional",
    audience_size="medium",
    motivation="intrinsic",
    energy="moderate",
    timescale="medium",
    funding="none",
    capacity="moderate",
)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit would run, then forget it, as a real commit does."""

    @contextmanager
    def commit():
        start = len(connection.run_on_commit)
        with django_capture_on_commit_callbacks(execute=True):
            yield
        del connection.run_on_commit[start:]

    return commit


def _scored(slug: str):
    return next(m for m in recommend_for(NO_MONEY).methods if m.slug == slug)


def _publish_action(client, obj, *, confirm: bool):
    data = {"action": "publish_selected", "_selected_action": [obj.pk], "index": 0}
    if confirm:
        data["confirm"] = "yes"
    return client.post(reverse("admin:content_method_changelist"), data)


def test_editor_edits_previews_publishes_and_reverts_a_method(client, committed):
    method = models.Method.objects.get(slug="network")
    original_summary = method.summary
    before = _scored("network")
    editor = make_editor()
    client.force_login(editor)
    change_url = reverse("admin:content_method_change", args=[method.pk])

    # 1. Edit as a draft: a new summary and a higher cost.
    data = admin_form_data(client.get(change_url))
    data.update(summary="Peers learn together in a funded network.", cost="high")
    data["status"] = Status.DRAFT
    with committed():
        assert client.post(change_url, data).status_code == 302
    method.refresh_from_db()
    assert (method.status, method.cost) == (Status.DRAFT, "high")

    # 2. The draft is hidden from the public and the engine, but the editor can preview it.
    assert client.get("/methods/network/").status_code == 404
    assert "network" not in {m.slug for m in recommend_for(NO_MONEY).methods}
    preview = client.get("/methods/network/?preview=1")
    assert preview.status_code == 200
    assert "Peers learn together in a funded network." in preview.content.decode()

    # 3. Publish through the action: a confirmation page first, then the change.
    confirmation = _publish_action(client, method, confirm=False)
    assert confirmation.status_code == 200
    assert "Are you sure you want to publish" in confirmation.content.decode()
    method.refresh_from_db()
    assert method.status == Status.DRAFT
    with committed():
        assert _publish_action(client, method, confirm=True).status_code == 302
    method.refresh_from_db()
    assert method.status == Status.PUBLISHED

    # 4. The public page and the recommendation show the change.
    client.logout()
    assert (
        "Peers learn together in a funded network."
        in client.get("/methods/network/").content.decode()
    )
    after = _scored("network")
    assert after.score < before.score
    assert {r.text for r in after.reasons} != {r.text for r in before.reasons}

    # 5. Revert to the version before the edit, from the history page.
    client.force_login(editor)
    history = client.get(reverse("admin:content_method_history", args=[method.pk]))
    assert history.status_code == 200
    assert "Peers learn together" in history.content.decode()  # the readable diff
    first_edit = method.history.filter(summary=original_summary).order_by("-history_date").first()
    revert_url = reverse(
        "admin:content_method_simple_history", args=[method.pk, first_edit.history_id]
    )
    revert_data = admin_form_data(client.get(revert_url))
    with committed():
        assert client.post(revert_url, revert_data).status_code == 302
    method.refresh_from_db()
    assert (method.summary, method.cost, method.status) == (
        original_summary,
        "low",
        Status.PUBLISHED,
    )
    assert _scored("network").score == before.score
    client.logout()
    assert original_summary in client.get("/methods/network/").content.decode()


def test_draft_method_is_hidden_from_the_api(client):
    draft = MethodFactory(approach=models.Approach.objects.first(), status=Status.DRAFT)
    response = client.get(reverse("selector:api-recommendation") + "?" + NO_MONEY.to_query())
    assert response.status_code == 200
    assert draft.slug not in response.content.decode()


def test_draft_method_is_not_in_the_snapshot():
    draft = MethodFactory(approach=models.Approach.objects.first(), status=Status.DRAFT)
    assert get_snapshot().method(draft.slug) is None


def test_preview_needs_a_signed_in_editor(client):
    draft = MethodFactory(approach=models.Approach.objects.first(), status=Status.DRAFT)
    assert client.get(f"/methods/{draft.slug}/?preview=1").status_code == 404
    client.force_login(UserFactory())
    assert client.get(f"/methods/{draft.slug}/?preview=1").status_code == 404


def test_publish_action_is_hidden_without_the_publish_permission(client):
    reviewer = make_reviewer()
    client.force_login(reviewer)
    response = client.get(reverse("admin:content_method_changelist"))
    assert response.status_code == 200
    assert "publish_selected" not in response.content.decode()


def test_status_is_read_only_without_the_publish_permission(client):
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_method", "change_method"])
    )
    client.force_login(user)
    method = models.Method.objects.first()
    response = client.get(reverse("admin:content_method_change", args=[method.pk]))
    assert "status" not in response.context["adminform"].form.fields


def test_publishing_records_who_did_it_in_the_history(committed):
    editor = make_editor()
    draft = MethodFactory(approach=models.Approach.objects.first(), status=Status.DRAFT)
    with committed():
        assert publishing.publish(items=[draft], user=editor) == 1
    latest = draft.history.first()
    assert (latest.status, latest.history_user) == (Status.PUBLISHED, editor)
    assert get_snapshot().method(draft.slug) is not None


def test_unpublishing_hides_the_item_at_once(committed):
    method = models.Method.objects.get(slug="network")
    get_snapshot()  # warm the cache
    with committed():
        publishing.unpublish(items=[method])
    assert get_snapshot().method("network") is None


def test_publish_warns_when_the_approach_is_a_draft(client):
    client.force_login(make_editor())
    approach = models.Approach.objects.first()
    approach.status = Status.DRAFT
    approach.save()
    draft = MethodFactory(approach=approach, status=Status.DRAFT)
    response = _publish_action(client, draft, confirm=False)
    assert "publish the approach too" in response.content.decode()
