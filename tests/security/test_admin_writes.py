"""Every admin write is refused to a Reviewer (view only) and allowed to a Content editor.

The models come from the admin registry, so a content model added later is covered at once.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import CharField, SlugField, TextField, UniqueConstraint
from django.urls import reverse
from import_export.admin import ImportMixin

from content.admin import GuideItemAdmin, HistoryAdmin
from content.choices import Status
from tests.factories import SlugRedirectFactory, admin_form_data, make_editor, make_reviewer

pytestmark = pytest.mark.django_db

# Guide content: every content model kept with history (usage counts are read-only for all).
CONTENT_ADMINS = {
    model._meta.model_name: model_admin
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label == "content" and isinstance(model_admin, HistoryAdmin)
}
PUBLISHABLE = [name for name, a in CONTENT_ADMINS.items() if isinstance(a, GuideItemAdmin)]
IMPORTABLE = [name for name, a in CONTENT_ADMINS.items() if isinstance(a, ImportMixin)]


def test_the_registry_covers_the_guide():
    assert {"method", "approach", "source", "glossaryterm", "slugredirect"} <= set(CONTENT_ADMINS)
    assert "method" in PUBLISHABLE and "method" in IMPORTABLE


def _model(name: str):
    return CONTENT_ADMINS[name].model


def _item(name: str):
    model = _model(name)
    item = SlugRedirectFactory() if name == "slugredirect" else model.objects.order_by("pk")[0]
    if not item.history.exists():
        item.save()
    return item


def _url(name: str, view: str, *args) -> str:
    return reverse(f"admin:content_{name}_{view}", args=args)


def _snapshot(item) -> dict:
    return type(item).objects.filter(pk=item.pk).values().first()


def _changed_data(client, name: str, item) -> dict:
    data = admin_form_data(client.get(_url(name, "change", item.pk)))
    for field in type(item)._meta.fields:
        text = isinstance(field, CharField | TextField) and not field.choices
        if text and not field.unique and field.name in data:
            joiner = "-" if isinstance(field, SlugField) else " "
            data[field.name] = f"{data[field.name]}{joiner}changed"
            break
    return data


def _add_data(client, name: str, item) -> dict:
    """A copy of the item as new, with its unique fields changed and no inline rows."""
    response = client.get(_url(name, "change", item.pk))
    form = response.context["adminform"].form
    data = {key: value for key, value in admin_form_data(response).items() if key in form.fields}
    model = type(item)
    unique = {f.name for f in model._meta.fields if f.unique and f.name != "id"}
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            unique |= set(constraint.fields)
    for field in unique:
        model_field = model._meta.get_field(field)
        if field in data and isinstance(model_field, CharField) and not model_field.choices:
            data[field] = f"{data[field]}-copy"
    for inline in response.context.get("inline_admin_formsets") or []:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def _history_url(item, name: str) -> str:
    return _url(name, "simple_history", item.pk, item.history.earliest().history_id)


# ---------------------------------------------------------------- a reviewer is refused


@pytest.fixture
def reviewer(client):
    client.force_login(make_reviewer())
    return client


@pytest.fixture
def editor(client):
    client.force_login(make_editor())
    return client


@pytest.mark.parametrize("name", CONTENT_ADMINS)
def test_reviewer_cannot_post_a_change(reviewer, name):
    item = _item(name)
    before = _snapshot(item)
    assert reviewer.post(_url(name, "change", item.pk), {"x": "1"}).status_code == 403
    assert _snapshot(item) == before


@pytest.mark.parametrize("name", CONTENT_ADMINS)
def test_reviewer_cannot_add(reviewer, name):
    count = _model(name).objects.count()
    assert reviewer.post(_url(name, "add"), {"x": "1"}).status_code == 403
    assert _model(name).objects.count() == count


@pytest.mark.parametrize("name", CONTENT_ADMINS)
def test_reviewer_cannot_delete(reviewer, name):
    item = _item(name)
    assert reviewer.post(_url(name, "delete", item.pk), {"post": "yes"}).status_code == 403
    assert _model(name).objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("name", CONTENT_ADMINS)
def test_reviewer_cannot_post_a_history_form(reviewer, name):
    item = _item(name)
    before = _snapshot(item)
    # The data a superuser's history form would send, with a field changed.
    data = _changed_data(reviewer, name, item)
    response = reviewer.post(_history_url(item, name), data)
    assert response.status_code == 403
    assert _snapshot(item) == before


@pytest.mark.parametrize("name", CONTENT_ADMINS)
def test_reviewer_sees_a_history_version_without_a_revert_button(reviewer, name):
    item = _item(name)
    response = reviewer.get(_history_url(item, name))
    assert response.status_code == 200
    assert response.context["revert_disabled"]


@pytest.mark.parametrize("name", CONTENT_ADMINS)
def test_reviewer_cannot_run_a_list_action(reviewer, name):
    item = _item(name)
    action = "publish_selected" if name in PUBLISHABLE else "delete_selected"
    data = {"action": action, ACTION_CHECKBOX_NAME: [item.pk], "confirm": "yes", "post": "yes"}
    assert reviewer.post(_url(name, "changelist"), data).status_code == 403
    assert _model(name).objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("name", PUBLISHABLE)
def test_reviewer_cannot_publish(reviewer, name):
    item = _item(name)
    type(item).objects.filter(pk=item.pk).update(status=Status.DRAFT)
    data = {"action": "publish_selected", ACTION_CHECKBOX_NAME: [item.pk], "confirm": "yes"}
    assert reviewer.post(_url(name, "changelist"), data).status_code == 403
    item.refresh_from_db()
    assert item.status == Status.DRAFT


@pytest.mark.parametrize("name", IMPORTABLE)
def test_reviewer_cannot_import_a_table(reviewer, name):
    upload = SimpleUploadedFile("methods.csv", b"slug,name\nnetwork,Renamed\n")
    data = {"import_file": upload, "format": "0"}
    assert reviewer.post(_url(name, "import"), data).status_code == 403
    assert reviewer.post(_url(name, "process_import"), {"x": "1"}).status_code == 403


def test_reviewer_cannot_import_the_guide(reviewer):
    upload = SimpleUploadedFile("guide.zip", b"PK")
    assert (
        reviewer.post(reverse("admin:content_import_guide"), {"guide": upload}).status_code == 403
    )


# ---------------------------------------------------------------- an editor still can


@pytest.mark.parametrize("name", CONTENT_ADMINS)
def test_editor_can_change(editor, name):
    item = _item(name)
    before = _snapshot(item)
    response = editor.post(_url(name, "change", item.pk), _changed_data(editor, name, item))
    assert response.status_code == 302, getattr(response, "context", None) and (
        response.context["adminform"].form.errors
    )
    assert _snapshot(item) != before


@pytest.mark.parametrize("name", CONTENT_ADMINS)
def test_editor_can_add_and_delete(editor, name):
    item = _item(name)
    model = type(item)
    known = set(model.objects.values_list("pk", flat=True))
    response = editor.post(_url(name, "add"), _add_data(editor, name, item))
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    (added,) = set(model.objects.values_list("pk", flat=True)) - known
    assert editor.post(_url(name, "delete", added), {"post": "yes"}).status_code == 302
    assert not model.objects.filter(pk=added).exists()


@pytest.mark.parametrize("name", CONTENT_ADMINS)
def test_editor_can_revert_from_a_history_version(editor, name):
    item = _item(name)
    versions = item.history.count()
    url = _history_url(item, name)
    data = admin_form_data(editor.get(url))
    response = editor.post(url, data)
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    assert item.history.count() == versions + 1


@pytest.mark.parametrize("name", PUBLISHABLE)
def test_editor_can_publish(editor, name):
    item = _item(name)
    type(item).objects.filter(pk=item.pk).update(status=Status.DRAFT)
    data = {"action": "publish_selected", ACTION_CHECKBOX_NAME: [item.pk], "confirm": "yes"}
    assert editor.post(_url(name, "changelist"), data).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED


@pytest.mark.parametrize("name", IMPORTABLE)
def test_editor_can_reach_the_table_import(editor, name):
    upload = SimpleUploadedFile("methods.csv", b"slug,name\n")
    response = editor.post(_url(name, "import"), {"import_file": upload, "format": "0"})
    assert response.status_code == 200


def test_editor_can_import_the_guide(editor):
    upload = SimpleUploadedFile("guide.zip", b"not a zip")
    response = editor.post(reverse("admin:content_import_guide"), {"guide": upload})
    assert response.status_code == 200
    assert "not a zip" in response.content.decode()


# ---------------------------------------------------------------- addresses that are not versions


@pytest.mark.parametrize("name", CONTENT_ADMINS)
def test_a_history_address_with_a_non_numeric_version_is_not_found(editor, name):
    item = _item(name)
    base = f"/admin/content/{name}"
    assert editor.get(f"{base}/{item.pk}/history/abc/").status_code == 404
    assert editor.get(f"{base}/abc/history/1/").status_code == 404
    assert editor.post(f"{base}/abc/history/1/", {"x": "1"}).status_code == 404
