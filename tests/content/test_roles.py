"""Roles: content editors change and publish guide content and nothing else; reviewers only look.

Real permission checks through the admin, with staff users who are not superusers.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from content import models
from tests.factories import admin_form_data, make_editor, make_reviewer

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    "source",
    "approach",
    "method",
    "consideration",
    "caseexample",
    "combinationstep",
    "principle",
    "topic",
    "glossaryterm",
    "slugredirect",
]
FORBIDDEN_FOR_EDITORS = [
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/auth/group/",
    "/admin/auth/group/add/",
]


def test_groups_are_created_by_the_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Content editor", "Reviewer"}


def test_editor_may_change_and_publish_every_content_model():
    editor = make_editor()
    for model in CONTENT_MODELS:
        for action in ("add", "change", "delete", "view"):
            assert editor.has_perm(f"content.{action}_{model}"), (action, model)
    assert editor.has_perm("content.publish_content")


def test_editor_has_no_permission_outside_guide_content():
    editor = make_editor()
    outside = {p for p in editor.get_all_permissions() if not p.startswith("content.")}
    assert outside == set()
    assert not editor.has_perm("content.change_usagecount")


def test_reviewer_may_only_view():
    reviewer = make_reviewer()
    assert all(p.split(".")[1].startswith("view_") for p in reviewer.get_all_permissions())
    assert reviewer.has_perm("content.view_method")


@pytest.mark.parametrize("path", FORBIDDEN_FOR_EDITORS)
def test_editor_gets_403_on_user_and_group_admin(client, path):
    client.force_login(make_editor())
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", FORBIDDEN_FOR_EDITORS)
def test_reviewer_gets_403_on_user_and_group_admin(client, path):
    client.force_login(make_reviewer())
    assert client.get(path).status_code == 403


def test_editor_gets_403_on_plan_admin(client):
    from selector.models import Plan

    client.force_login(make_editor())
    url = reverse(f"admin:selector_{Plan._meta.model_name}_changelist")
    assert client.get(url).status_code == 403


def test_editor_cannot_see_plans_on_the_admin_index(client):
    client.force_login(make_editor())
    html = client.get("/admin/").content.decode()
    assert "/admin/selector/" not in html
    assert "/admin/auth/" not in html
    assert "/admin/content/method/" in html


def test_reviewer_can_view_a_method_but_not_change_it(client):
    client.force_login(make_reviewer())
    method = models.Method.objects.get(slug="network")
    url = reverse("admin:content_method_change", args=[method.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    # Even a hand-made POST is refused.
    assert client.post(url, {"name": "Changed", "summary": "x"}).status_code == 403
    method.refresh_from_db()
    assert method.name != "Changed"


def test_reviewer_cannot_add_or_delete(client):
    client.force_login(make_reviewer())
    method = models.Method.objects.first()
    assert client.get(reverse("admin:content_method_add")).status_code == 403
    assert client.get(reverse("admin:content_method_delete", args=[method.pk])).status_code == 403


def test_reviewer_cannot_import(client):
    client.force_login(make_reviewer())
    assert client.get(reverse("admin:content_import_guide")).status_code == 403
    assert client.get(reverse("admin:content_method_import")).status_code == 403


def test_reviewer_can_see_health_and_usage(client):
    client.force_login(make_reviewer())
    assert client.get(reverse("admin:content_usage")).status_code == 200
    assert client.get(reverse("admin:content_tools")).status_code == 200


def test_editor_can_save_a_method(client):
    client.force_login(make_editor())
    method = models.Method.objects.get(slug="network")
    url = reverse("admin:content_method_change", args=[method.pk])
    data = admin_form_data(client.get(url))
    data["timeframe"] = "Months to years"
    assert client.post(url, data).status_code == 302
    method.refresh_from_db()
    assert method.timeframe == "Months to years"


def test_non_staff_user_is_sent_to_the_login_page(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("admin:content_tools"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
