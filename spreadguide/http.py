"""Conditional GET (and a shared page cache) for pages that depend only on the published guide and the URL.

A content page, a result (``/plan/result?<answers>``), the API's recommendation and an export
are all a pure function of (published content, code release, path and query). Their ETag is a
hash of exactly that, so a browser or proxy revalidating one gets ``304 Not Modified`` after a
single small query, without the view running at all. Publishing anything bumps the guide
revision (``content.snapshot.bump_revision``), which changes every ETag at once on every server.

Two ways in:

* ``ConditionalContentMiddleware`` applies it by URL (``settings.CONDITIONAL_GET_PATHS``,
  regular expressions matched against the path), so views need no change;
* ``conditional_content`` decorates a single view, for views outside those patterns.

Paths in ``settings.RESPONSE_CACHE_PATHS`` (the result page) are also kept rendered in the
cache under the same key, so a repeat of a popular result costs one query and a cache read on
any server. A CSRF token in the page is stored as a placeholder and replaced on the way out
with a token for the person asking, so a cached page never hands one visitor's token to another.

Personalised requests are left alone: anyone with a session (signed-in editors, previews) and
any response that sets a cookie or is not a plain 200. Only ``If-None-Match`` yields a 304;
``Last-Modified`` is sent for information (the date of the guide revision).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags
from django.utils.module_loading import import_string

# Request headers that change what a page looks like (htmx asks for fragments).
VARY_HEADERS = ("HX-Request", "HX-Target", "HX-Boosted")


def content_version() -> tuple[int, datetime | None]:
    """The guide revision number and when it was created or last changed (one query)."""
    from content.models import GuideRevision

    row = GuideRevision.objects.filter(pk=1).values_list("number", "changed_at").first()
    return row if row else (0, None)


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
_CSRF_PLACEHOLDER = b"__spreadguide_csrf_token__"
_UNCACHED_HEADERS = {"content-length", "set-cookie", "etag", "last-modified"}
PAGE_CACHE_SECONDS = 60 * 60
# A view whose page is cached but that has a side effect per view (counting it) sets
# ``response.cache_hit_hook = ("dotted.path.to.function", {kwargs})``; the function is called
# with those kwargs on every cache hit, so the side effect survives the cache.
CACHE_HIT_HOOK = "cache_hit_hook"


def _only_csrf_cookie(request: HttpRequest) -> bool:
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def _page_key(request: HttpRequest, version: tuple[int, datetime | None]) -> str:
    number, changed_at = version
    parts = [
        settings.RELEASE,
        str(number),
        changed_at.isoformat() if changed_at else "",
        request.method or "",
        request.get_host(),  # pages hold absolute links (the permalink)
        request.get_full_path(),
        *(request.headers.get(h, "") for h in VARY_HEADERS),
    ]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _from_cache(request: HttpRequest, stored) -> HttpResponse:
    status, headers, body, hook = stored
    if hook:  # e.g. count the view for usage insight, as the view itself would have
        path, kwargs = hook
        import_string(path)(**kwargs)
    if _CSRF_PLACEHOLDER in body:
        body = body.replace(_CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def _store(request: HttpRequest, key: str, response: HttpResponse) -> None:
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or "no-store" in response.get("Cache-Control", "")
    ):
        return
    body = response.content
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or b"csrfmiddlewaretoken" in body:
        tokens = set(_CSRF_INPUT.findall(body))
        if not tokens:
            return  # a token is used somewhere we cannot see: do not share this page
        for token in tokens:
            body = body.replace(token, _CSRF_PLACEHOLDER)
    headers = [(k, v) for k, v in response.items() if k.lower() not in _UNCACHED_HEADERS]
    hook = getattr(response, CACHE_HIT_HOOK, None)
    cache.set(key, (response.status_code, headers, body, hook), PAGE_CACHE_SECONDS)


def _applies_to(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def compute_etag(request: HttpRequest, version: tuple[int, datetime | None]) -> str:
    number, changed_at = version
    parts = [
        settings.RELEASE,
        str(number),
        changed_at.isoformat() if changed_at else "",
        request.get_full_path(),
        # A page holding a CSRF token is only valid with the cookie it was made for.
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        *(request.headers.get(h, "") for h in VARY_HEADERS),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    return any(t == "*" or t.removeprefix("W/") == wanted for t in parse_etags(header))


def _not_modified(etag: str, changed_at: datetime | None) -> HttpResponse:
    response = HttpResponseNotModified()
    response.headers["ETag"] = etag
    if changed_at:
        response.headers["Last-Modified"] = http_date(changed_at.timestamp())
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ("Cookie", *VARY_HEADERS))
    return response


def conditional(request: HttpRequest, respond, *, cache_page: bool = False) -> HttpResponse:
    """Answer 304 when the client already holds this version, else ``respond()`` with an ETag.

    With ``cache_page`` the rendered response is shared through the cache as well.
    """
    if not _applies_to(request):
        return respond()
    version = content_version()
    etag = compute_etag(request, version)
    if _matches(request, etag):
        return _not_modified(etag, version[1])
    if cache_page and _only_csrf_cookie(request):
        key = _page_key(request, version)
        stored = cache.get(key)
        if stored is not None:
            response = _from_cache(request, stored)
        else:
            response = respond()
            _store(request, key, response)
    else:
        response = respond()
    if (
        response.status_code != 200
        or response.cookies
        # A new CSRF cookie goes out with this page: its ETag (made without it) would not fit.
        or (
            request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and settings.CSRF_COOKIE_NAME not in request.COOKIES
        )
        or response.has_header("ETag")
        or "no-store" in response.get("Cache-Control", "")
    ):
        return response
    response.headers["ETag"] = etag
    if version[1]:
        response.headers["Last-Modified"] = http_date(version[1].timestamp())
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ("Cookie", *VARY_HEADERS))
    return response


def conditional_content(view):
    """Decorate a view whose output depends only on published content and its URL."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return conditional(request, lambda: view(request, *args, **kwargs))

    return wrapped


class ConditionalContentMiddleware:
    """Conditional GET by URL pattern (``settings.CONDITIONAL_GET_PATHS``)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.patterns = [re.compile(p) for p in settings.CONDITIONAL_GET_PATHS]
        self.cached = [re.compile(p) for p in settings.RESPONSE_CACHE_PATHS]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if any(p.match(path) for p in self.patterns):
            return conditional(
                request,
                lambda: self.get_response(request),
                cache_page=any(p.match(path) for p in self.cached),
            )
        return self.get_response(request)
