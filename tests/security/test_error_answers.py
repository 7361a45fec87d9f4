"""Every error is clear to a person (a styled page) and to a machine (JSON under /api/)."""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from content import models
from selector.models import Plan
from spreadguide.middleware import ApiErrorBodyMiddleware
from tests.factories import make_editor
from tests.selector.plans_support import form_data, make_saved_plan, plan_url, typical_query

pytestmark = pytest.mark.django_db

STYLED = 'class="nhsuk-header'


@pytest.fixture
def quiet_client():
    """A client that shows the error page instead of raising the view's exception."""
    return Client(raise_request_exception=False)


def _json_error(response, status: int) -> list[str]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    errors = json.loads(response.content)["errors"]
    messages = [m for field_messages in errors.values() for m in field_messages]
    assert messages and all(messages)
    return messages


# ---------------------------------------------------------------- HEAD wherever GET is


def _public_urls() -> list[str]:
    approach = models.Approach.objects.published().first()
    method = models.Method.objects.published().first()
    case = models.CaseExample.objects.published().first()
    return [
        "/",
        "/healthz",
        "/approaches/",
        approach.get_absolute_url(),
        "/methods/",
        method.get_absolute_url(),
        "/case-examples/",
        case.get_absolute_url(),
        "/principles/",
        "/glossary/",
        "/about/",
        "/plan/",
        "/plan/check/?" + typical_query(),
        "/plan/result?" + typical_query(),
        "/plan/what-if?" + typical_query(),
        "/api/recommendation?" + typical_query(),
        "/api/schema",
        reverse("selector:answers-export", kwargs={"fmt": "csv"}) + "?" + typical_query(),
    ]


def test_head_answers_like_get_on_every_public_page(client):
    for url in _public_urls():
        got = client.get(url)
        head = client.head(url)
        assert got.status_code == 200, url
        assert head.status_code == 200, url
        assert head.content == b""


def test_head_on_a_result_is_not_counted_as_a_viewed_result(client):
    url = "/plan/result?" + typical_query()
    for _ in range(2):  # the second is served from the page cache
        assert client.head(url).status_code == 200
    assert not models.UsageCount.objects.exists()
    client.get(url)
    assert models.UsageCount.objects.exists()


def test_head_answers_on_a_saved_plan(client):
    _, key = make_saved_plan()
    assert client.head(plan_url(key)).status_code == 200


def test_head_answers_on_the_admin_tools(client):
    client.force_login(make_editor())
    for name in ("content_tools", "content_health", "content_usage", "content_import_guide"):
        assert client.head(reverse(f"admin:{name}")).status_code == 200, name


# ---------------------------------------------------------------- 400, CSRF and 500 pages


def test_too_many_fields_gets_a_styled_page_that_says_so(client):
    query = "&".join(f"f{i}=1" for i in range(450))
    response = client.get(f"/approaches/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert STYLED in html
    assert "more fields than this service accepts" in html


def test_a_body_over_the_form_limit_gets_a_styled_page_that_says_so(client):
    body = "note=" + "x" * (3 * 1024 * 1024)
    url = reverse("selector:step", kwargs={"step": "evidence"})
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    html = response.content.decode()
    assert STYLED in html
    assert "larger than this service accepts" in html


def test_too_many_fields_under_the_api_is_json(client):
    query = "&".join(f"f{i}=1" for i in range(450))
    _json_error(client.get(f"/api/recommendation?{query}"), 400)


def test_a_csrf_failure_gets_a_styled_page_that_says_what_to_do():
    response = Client(enforce_csrf_checks=True).post("/plans/", {"answers": typical_query()})
    assert response.status_code == 403
    html = response.content.decode()
    assert STYLED in html
    assert "Your form could not be sent" in html
    assert "reload the page" in html


def _break(monkeypatch, error: Exception) -> None:
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr("content.views.queries.approaches_with_methods", broken)
    monkeypatch.setattr("selector.api.recommend", broken)


def test_an_unexpected_error_gets_the_styled_500_page(quiet_client, monkeypatch):
    _break(monkeypatch, RuntimeError("bug"))
    response = quiet_client.get("/")
    assert response.status_code == 500
    assert "nhsuk-frontend" in response.content.decode()


def test_an_unexpected_error_under_the_api_is_json(quiet_client, monkeypatch):
    _break(monkeypatch, RuntimeError("bug"))
    _json_error(quiet_client.get("/api/recommendation?" + typical_query()), 500)


def test_a_database_outage_under_the_api_is_a_json_503(quiet_client, monkeypatch):
    _break(monkeypatch, OperationalError("connection refused"))
    response = quiet_client.get("/api/recommendation?" + typical_query())
    _json_error(response, 503)
    assert response["Retry-After"]


def test_a_database_outage_on_a_page_is_a_styled_503(quiet_client, monkeypatch):
    _break(monkeypatch, OperationalError("connection refused"))
    response = quiet_client.get("/")
    assert response.status_code == 503
    assert "cannot reach its database" in response.content.decode()


# ---------------------------------------------------------------- JSON for every API error


def test_an_unknown_api_address_is_a_json_404(client):
    _json_error(client.get("/api/no-such-thing"), 404)


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_a_wrong_method_on_the_api_is_a_json_405(client, method):
    for url in ("/api/recommendation", "/api/schema"):
        response = getattr(client, method)(url)
        _json_error(response, 405)
        assert "GET" in response["Allow"]


@pytest.mark.parametrize("status", [400, 403, 404, 405, 429, 500, 503])
def test_any_error_under_the_api_gets_a_json_body(rf, status):
    def plain(request):
        response = HttpResponse("<h1>refused</h1>", status=status)
        response["Retry-After"] = "60"
        return response

    response = ApiErrorBodyMiddleware(plain)(rf.get("/api/recommendation"))
    _json_error(response, status)
    assert response["Retry-After"] == "60"


def test_an_error_outside_the_api_keeps_its_page(rf):
    page = HttpResponse("<h1>refused</h1>", status=429)
    assert ApiErrorBodyMiddleware(lambda request: page)(rf.get("/plan/")) is page


# ---------------------------------------------------------------- small errors with reasons


def test_a_bad_hidden_version_on_the_plan_form_gives_a_reason(client):
    plan, key = make_saved_plan()
    data = form_data(plan, title="Changed")
    data["version"] = "not-a-number"
    response = client.post(plan_url(key), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "could not be read" in html
    assert Plan.objects.get(pk=plan.pk).title != "Changed"
