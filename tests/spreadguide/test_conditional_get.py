"""ETag / Last-Modified on content pages, results and the API: a revalidation costs one query
and no view; publishing anything changes every ETag."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from content.models import Method
from selector.scenarios import TYPICAL_QUERY
from spreadguide.http import cache_outcomes, conditional_content

TYPICAL = TYPICAL_QUERY
CACHED_RESULT_BUDGET = 2  # the revision check and the usage counters (written at once in tests)
CONDITIONAL_URLS = [
    "/",
    "/approaches/",
    "/methods/?level=national",
    "/glossary/",
    "/about/",
    "/plan/result?" + TYPICAL,
    "/api/recommendation?" + TYPICAL,
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", CONDITIONAL_URLS)
def test_revalidation_gets_304_without_running_the_view(client, url, django_assert_max_num_queries):
    first = client.get(url)
    assert first.status_code == 200
    if not first.has_header("ETag"):  # it set a CSRF cookie: the ETag comes with the cookie
        assert "csrftoken" in first.cookies
        first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert "no-cache" in first["Cache-Control"]
    assert "HX-Request" in first["Vary"]
    with django_assert_max_num_queries(1):
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""
    assert "script-src 'self'" in again["Content-Security-Policy"]


@pytest.mark.django_db
def test_publishing_changes_the_etag(client, django_capture_on_commit_callbacks):
    method = Method.objects.published().first()
    url = method.get_absolute_url()
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        method.summary = "Changed."
        method.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_etag_depends_on_query_and_htmx(client):
    plain = client.get("/approaches/")["ETag"]
    assert client.get("/approaches/?level=national")["ETag"] != plain
    assert client.get("/approaches/", HTTP_HX_REQUEST="true")["ETag"] != plain
    assert client.get("/approaches/")["ETag"] == plain


@pytest.mark.django_db
def test_a_stale_etag_gets_the_page(client):
    response = client.get("/glossary/", HTTP_IF_NONE_MATCH='W/"stale", "other"')
    assert response.status_code == 200


@pytest.mark.django_db
def test_signed_in_people_are_not_served_cached_pages(admin_client):
    response = admin_client.get("/approaches/?preview=1")
    assert response.status_code == 200
    assert not response.has_header("ETag")


@pytest.mark.django_db
def test_health_and_saved_plans_are_not_conditional(client):
    assert not client.get("/healthz").has_header("ETag")
    assert not client.get("/plans/" + "k" * 43 + "/").has_header("ETag")
    assert not client.get("/plan/export/md?" + TYPICAL).has_header("ETag")


@pytest.mark.django_db
def test_decorator_for_single_views():
    calls = []

    @conditional_content
    def view(request):
        calls.append(1)
        return HttpResponse("hello")

    rf = RequestFactory()
    first = view(rf.get("/somewhere"))
    assert first.has_header("ETag")
    again = view(rf.get("/somewhere", HTTP_IF_NONE_MATCH=first["ETag"]))
    assert again.status_code == 304
    assert calls == [1]
    assert not view(rf.post("/somewhere")).has_header("ETag")


def _token(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    return match.group(1)


_FORM = Template('<form method="post">{% csrf_token %}</form>')


@conditional_content(page_cache=True)
def _page_with_a_form(request):
    return HttpResponse(_FORM.render(RequestContext(request)))


@pytest.mark.django_db
def test_a_cached_page_holding_a_form_gets_a_token_per_visitor(django_assert_max_num_queries):
    rf = RequestFactory()
    first = _page_with_a_form(rf.get("/form"))
    with django_assert_max_num_queries(1):  # the revision check; the view does not run
        second = _page_with_a_form(rf.get("/form"))
    assert "_spreadguide_csrf_token_" not in second.content.decode()
    assert _token(second) != _token(first)


@pytest.mark.django_db
def test_the_result_page_is_never_stored_in_the_page_cache(client):
    url = "/plan/result?" + TYPICAL
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = Client().get(url)
    assert again.status_code == 200
    assert again.wsgi_request.page_cache_outcome == "miss"
    from content.snapshot import guide_version
    from spreadguide.http import _page_key

    key = _page_key(again.wsgi_request, guide_version())
    assert cache.get(key) is None  # nothing was stored, whichever cache backend is in use
    assert len(queries) <= CACHED_RESULT_BUDGET


@pytest.mark.django_db
def test_a_url_with_a_query_string_is_not_stored(client):
    client.get("/methods/?level=national")
    assert Client().get("/methods/?level=national").wsgi_request.page_cache_outcome == "miss"


@pytest.mark.django_db
def test_cached_content_page_follows_a_publish(client, django_capture_on_commit_callbacks):
    method = Method.objects.published().first()
    url = method.get_absolute_url()
    assert client.get(url).status_code == 200
    assert Client().get(url).wsgi_request.page_cache_outcome == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        method.summary = "Changed for the cache test."
        method.save()
    after = Client().get(url)
    assert after.wsgi_request.page_cache_outcome == "stored"
    assert b"Changed for the cache test." in after.content


@pytest.mark.django_db
def test_outcomes_are_counted_by_url_name(client):
    before = cache_outcomes().get(("content:glossary", "hit"), 0)
    client.get("/glossary/")
    Client().get("/glossary/")
    assert cache_outcomes()[("content:glossary", "hit")] == before + 1


@pytest.mark.django_db
def test_content_page_repeat_is_served_from_the_page_cache(
    client, settings, django_assert_num_queries
):
    settings.GUIDE_REVISION_RECHECK_SECONDS = 60  # longer than any test machine takes
    assert client.get("/approaches/piloting-and-rolling-out/").status_code == 200

    # No query at all: the first request's revision read still stands (the recheck interval).
    with django_assert_num_queries(0):
        repeat = Client().get("/approaches/piloting-and-rolling-out/")

    assert repeat.status_code == 200
    assert b"Demonstrator sites" in repeat.content


@pytest.mark.django_db
def test_page_cache_keeps_hosts_apart(client):
    client.get("/about/", HTTP_HOST="localhost")
    second = Client().get("/about/", HTTP_HOST="127.0.0.1")

    assert second.wsgi_request.page_cache_outcome == "stored"
