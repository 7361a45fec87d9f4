"""A published item's slug can change only with a redirect kept from the old address."""

import pytest
from django.urls import reverse

from content import models, slug_redirects
from content.choices import Status
from tests.factories import MethodFactory, admin_form_data, make_editor

pytestmark = pytest.mark.django_db


def _rename(client, obj, admin_name: str, new_slug: str):
    url = reverse(f"admin:content_{admin_name}_change", args=[obj.pk])
    data = admin_form_data(client.get(url))
    data["slug"] = new_slug
    return client.post(url, data)


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def test_changing_a_published_method_slug_keeps_a_redirect(editor_client):
    method = models.Method.objects.get(slug="network")
    assert _rename(editor_client, method, "method", "peer-network").status_code == 302
    redirect = models.SlugRedirect.objects.get(old_slug="network")
    assert (redirect.kind, redirect.new_slug) == ("method", "peer-network")


def test_changing_a_draft_slug_keeps_no_redirect(editor_client):
    draft = MethodFactory(approach=models.Approach.objects.first(), status=Status.DRAFT)
    old = draft.slug
    assert _rename(editor_client, draft, "method", "renamed-draft").status_code == 302
    assert not models.SlugRedirect.objects.filter(old_slug=old).exists()


def test_changing_an_approach_slug_keeps_a_redirect(editor_client):
    approach = models.Approach.objects.get(slug="governing-and-assuring")
    assert _rename(editor_client, approach, "approach", "governing").status_code == 302
    assert (
        slug_redirects.redirect_for("approach", "governing-and-assuring")
        == "/approaches/governing/"
    )


def test_changing_a_case_example_slug_keeps_a_redirect(editor_client):
    case = models.CaseExample.objects.get(slug="nwas-basic-step")
    assert _rename(editor_client, case, "caseexample", "basic-step").status_code == 302
    assert slug_redirects.redirect_for_path("/case-examples/nwas-basic-step/") == (
        "/case-examples/basic-step/"
    )


def test_renaming_twice_leaves_no_chain(editor_client):
    method = models.Method.objects.get(slug="network")
    _rename(editor_client, method, "method", "peer-network")
    method.refresh_from_db()
    _rename(editor_client, method, "method", "learning-network")
    assert slug_redirects.redirect_for("method", "network") == "/methods/learning-network/"
    assert slug_redirects.redirect_for("method", "peer-network") == "/methods/learning-network/"


def test_renaming_back_removes_the_redirect_from_the_live_slug(editor_client):
    method = models.Method.objects.get(slug="network")
    _rename(editor_client, method, "method", "peer-network")
    method.refresh_from_db()
    _rename(editor_client, method, "method", "network")
    assert not models.SlugRedirect.objects.filter(old_slug="network").exists()
    assert slug_redirects.redirect_for("method", "peer-network") == "/methods/network/"


def test_redirect_never_reveals_a_draft():
    draft = MethodFactory(approach=models.Approach.objects.first(), status=Status.DRAFT)
    models.SlugRedirect.objects.create(kind="method", old_slug="old-name", new_slug=draft.slug)
    assert slug_redirects.redirect_for("method", "old-name") is None


def test_unknown_paths_have_no_redirect():
    assert slug_redirects.redirect_for_path("/methods/") is None
    assert slug_redirects.redirect_for_path("/glossary/network/") is None
    assert slug_redirects.redirect_for_path("/methods/never-existed/") is None


def test_old_method_address_answers_301(editor_client, client):
    method = models.Method.objects.get(slug="network")
    _rename(editor_client, method, "method", "peer-network")
    client.logout()
    response = client.get("/methods/network/")
    assert response.status_code == 301
    assert response["Location"] == "/methods/peer-network/"
