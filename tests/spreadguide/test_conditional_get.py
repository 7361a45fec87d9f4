"""ETag / Last-Modified on content pages, results and the API: a revalidation costs one query
and no view; publishing anything changes every ETag."""

import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from content.models import Method
from selector.scenarios import TYPICAL_QUERY
from spreadguide.http import conditional_content

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


@pytest.mark.django_db
def test_result_page_is_shared_through_the_cache_with_a_token_per_visitor(
    django_assert_max_num_queries,
):
    url = "/plan/result?" + TYPICAL
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page = first.get(url)
    assert page.status_code == 200
    # The revision check, plus the usage count the view's cache_hit_hook replays; no engine, no
    # template.
    with django_assert_max_num_queries(CACHED_RESULT_BUDGET):
        cached = second.get(url)
    assert cached.status_code == 200
    assert "_spreadguide_csrf_token_" not in cached.content.decode()
    assert _token(cached) != _token(page)
    # The page's own form still works for the second visitor, with the token it was given.
    saved = second.post("/plans/", {"answers": TYPICAL, "csrfmiddlewaretoken": _token(cached)})
    assert saved.status_code == 302
    assert saved["Location"].startswith("/plans/")
    # ...and the first visitor's token is no use to the second.
    refused = Client(enforce_csrf_checks=True)
    refused.cookies = second.cookies
    assert (
        refused.post("/plans/", {"answers": TYPICAL, "csrfmiddlewaretoken": "x" * 64}).status_code
        == 403
    )


@pytest.mark.django_db
def test_cached_result_follows_a_publish(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    url = "/plan/result?" + TYPICAL
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(CACHED_RESULT_BUDGET):
        client.get(url)  # from the cache (revision check and replayed usage count)
    method = Method.objects.published().first()
    with django_capture_on_commit_callbacks(execute=True):
        method.summary = "Changed for the cache test."
        method.save()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) > 3  # rebuilt for the new revision, not served from the cache


CALLS = []


def _count(**kwargs):
    CALLS.append(kwargs)


@pytest.mark.django_db
def test_a_cache_hit_replays_the_views_side_effect(client, settings):
    settings.CONDITIONAL_GET_PATHS = [r"^/hooked$"]
    settings.RESPONSE_CACHE_PATHS = [r"^/hooked$"]
    calls = []

    def view():
        calls.append(1)
        response = HttpResponse("page")
        response.cache_hit_hook = (f"{__name__}._count", {"top": "a"})
        return response

    from spreadguide.http import ConditionalContentMiddleware

    middleware = ConditionalContentMiddleware(lambda request: view())
    rf = RequestFactory()
    CALLS.clear()
    assert middleware(rf.get("/hooked")).content == b"page"
    assert middleware(rf.get("/hooked")).content == b"page"
    assert calls == [1]  # the view ran once...
    assert CALLS == [{"top": "a"}]  # ...and the hit replayed its side effect


@pytest.mark.django_db
def test_content_page_repeat_is_served_from_the_page_cache(client, django_assert_num_queries):
    assert client.get("/approaches/piloting-and-rolling-out/").status_code == 200

    with django_assert_num_queries(1):  # the guide revision check only
        repeat = Client().get("/approaches/piloting-and-rolling-out/")

    assert repeat.status_code == 200
    assert b"Demonstrator sites" in repeat.content


@pytest.mark.django_db
def test_page_cache_keeps_hosts_apart(client):
    first = client.get("/plan/result?" + TYPICAL, HTTP_HOST="localhost")
    second = client.get("/plan/result?" + TYPICAL, HTTP_HOST="127.0.0.1")

    assert b"http://localhost/plan/result" in first.content
    assert b"http://127.0.0.1/plan/result" in second.content
