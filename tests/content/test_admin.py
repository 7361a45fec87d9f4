"""Admin for every content model: lists, change pages, filters, links, validation, history."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from content import models
from content.choices import Status
from tests.factories import (
    ApproachFactory,
    MethodFactory,
    UserFactory,
    admin_form_data,
)

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [*models.GUIDE_MODELS, models.SlugRedirect, models.UsageCount]


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _url(model, view, *args):
    return reverse(f"admin:content_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_changelist_answers_with_bounded_queries(
    superuser_client, model, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = superuser_client.get(_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "model",
    [m for m in CONTENT_MODELS if m not in (models.SlugRedirect, models.UsageCount)],
    ids=lambda m: m.__name__,
)
def test_change_page_answers_with_bounded_queries(
    superuser_client, model, django_assert_max_num_queries
):
    obj = model.objects.order_by("pk").first()
    with django_assert_max_num_queries(60):
        response = superuser_client.get(_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_method_list_filters_by_a_value_in_a_list_field(superuser_client):
    local_only = models.Method.objects.filter(slug="local-needs-identification").get()
    response = superuser_client.get(_url(models.Method, "changelist"), {"levels": "national"})
    shown = set(response.context["cl"].result_list)
    assert shown
    assert all("national" in m.levels for m in shown)
    assert local_only not in shown


def test_method_list_filters_by_status_and_kind(superuser_client):
    response = superuser_client.get(_url(models.Method, "changelist"), {"kind__exact": "lever"})
    assert {m.kind for m in response.context["cl"].result_list} == {"lever"}


def test_view_on_site_of_a_draft_links_to_its_preview(superuser_client):
    draft = MethodFactory(status=Status.DRAFT)
    response = superuser_client.get(_url(models.Method, "change", draft.pk))
    assert f'href="/methods/{draft.slug}/?preview=1"' in response.content.decode()


def test_view_on_site_of_a_published_item_links_to_its_page(superuser_client):
    method = models.Method.objects.published().first()
    response = superuser_client.get(_url(models.Method, "change", method.pk))
    assert f'href="/methods/{method.slug}/"' in response.content.decode()


def test_approach_page_lists_its_methods_with_links(superuser_client):
    approach = models.Approach.objects.get(slug="piloting-and-rolling-out")
    response = superuser_client.get(_url(models.Approach, "change", approach.pk))
    html = response.content.decode()
    for method in approach.methods.all():
        assert _url(models.Method, "change", method.pk) in html


def test_method_form_refuses_builds_evidence_without_an_early_stage(superuser_client):
    method = MethodFactory(builds_evidence=False, stages=["spread"])
    url = _url(models.Method, "change", method.pk)
    data = admin_form_data(superuser_client.get(url))
    data["builds_evidence"] = "on"
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "tick the prototype or testing stage" in str(errors["stages"])


def test_method_form_refuses_an_intrinsic_lever(superuser_client):
    method = MethodFactory(kind="lever", motivation="extrinsic")
    url = _url(models.Method, "change", method.pk)
    data = admin_form_data(superuser_client.get(url))
    data["motivation"] = "intrinsic"
    response = superuser_client.post(url, data)
    assert "choose extrinsic or mixed" in str(response.context["adminform"].form.errors)


def test_method_form_requires_the_engine_attributes(superuser_client):
    method = MethodFactory()
    url = _url(models.Method, "change", method.pk)
    data = admin_form_data(superuser_client.get(url))
    del data["complexity"]
    response = superuser_client.post(url, data)
    assert "complexity" in response.context["adminform"].form.errors


def test_method_cannot_be_published_under_a_draft_approach(superuser_client):
    method = MethodFactory(approach=ApproachFactory(status=Status.DRAFT), status=Status.DRAFT)
    url = _url(models.Method, "change", method.pk)
    data = admin_form_data(superuser_client.get(url))
    data["status"] = Status.PUBLISHED
    response = superuser_client.post(url, data)
    assert "publish the approach first" in str(response.context["adminform"].form.errors)


def test_every_shipped_method_passes_the_admin_rules():
    from content.validation import method_problems

    for method in models.Method.objects.select_related("approach"):
        values = {f.name: getattr(method, f.name) for f in method._meta.concrete_fields}
        values["approach"] = method.approach
        assert method_problems(values) == {}, method.slug


def test_method_change_page_shows_the_engine_preview(superuser_client):
    method = models.Method.objects.get(slug="demonstrator-sites")
    response = superuser_client.get(_url(models.Method, "change", method.pk))
    preview = response.context["engine_preview"]
    assert not preview.note
    assert len(preview.ranks) >= 5
    assert all(r.position and 1 <= r.position <= r.total for r in preview.ranks)
    assert "Engine preview" in response.content.decode()


def test_engine_preview_of_a_draft_counts_it_as_published(superuser_client):
    method = MethodFactory(approach=models.Approach.objects.first(), status=Status.DRAFT)
    response = superuser_client.get(_url(models.Method, "change", method.pk))
    preview = response.context["engine_preview"]
    assert preview.ranks and all(r.position for r in preview.ranks)
    assert "as if this draft were published" in preview.note


def test_engine_preview_of_unsaved_values_changes_nothing(superuser_client):
    method = models.Method.objects.get(slug="network")
    url = _url(models.Method, "change", method.pk)
    data = admin_form_data(superuser_client.get(url))
    before = {
        r.scenario: r.score for r in superuser_client.get(url).context["engine_preview"].ranks
    }
    data["cost"] = "high"
    data["levels"] = ["local"]
    data["audience_sizes"] = ["small"]
    response = superuser_client.post(_url(models.Method, "engine_preview", method.pk), data)
    assert response.status_code == 200
    after = {r.scenario: r.score for r in response.context["engine_preview"].ranks}
    assert after != before
    method.refresh_from_db()
    assert method.cost == "low" and "national" in method.levels


def test_history_page_shows_who_changed_which_field(superuser_client):
    method = models.Method.objects.get(slug="network")
    url = _url(models.Method, "change", method.pk)
    data = admin_form_data(superuser_client.get(url))
    data["timeframe"] = "A brand new timeframe"
    assert superuser_client.post(url, data).status_code == 302
    response = superuser_client.get(_url(models.Method, "history", method.pk))
    html = response.content.decode()
    assert "A brand new timeframe" in html
    assert "Timeframe" in html
    user = get_user_model().objects.get(is_superuser=True)
    assert str(user) in html
    assert 'style="' not in html.split('id="change-history"')[1]


def test_admin_index_links_to_the_guide_tools(client):
    from tests.factories import make_editor

    client.force_login(make_editor())
    html = client.get(reverse("admin:index")).content.decode()
    for name in ("content_tools", "content_export_guide", "content_import_guide", "content_health"):
        assert reverse(f"admin:{name}") in html
