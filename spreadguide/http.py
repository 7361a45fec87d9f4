"""Conditional GET, and a shared page cache, for views that depend only on the published guide
and the URL, declared on each view with ``@conditional_content``.

A content page, a result (``/plan/result?<answers>``) and the API's recommendation are a pure
function of (published content, code release, path and query). Their ETag is a hash of exactly
that, so a browser or proxy revalidating one gets ``304 Not Modified`` after at most one small
query (none when the process read the revision within the last second), without the view
running at all. Publishing anything bumps the guide revision
(``content.snapshot.bump_revision``), which changes every ETag: at once in the process that
published, within ``GUIDE_REVISION_RECHECK_SECONDS`` everywhere else.

``@conditional_content(page_cache=True)`` also keeps the rendered page in the cache, under the
same version, for pages where that pays: content pages, which a few dozen URLs cover. Only URLs
without a query string are stored, so no visitor can fill the cache with made-up URLs; results
are not stored (real visitors almost never repeat an answer set, so every store would be a
48 KB write that is never read). A CSRF token in a stored page is kept as a placeholder and
replaced on the way out with a token for the person asking.

Personalised requests are left alone: anyone with a session (signed-in editors, previews) and
any response that sets a cookie or is not a plain 200. Only ``If-None-Match`` yields a 304;
``Last-Modified`` is sent for information (the date of the guide revision). What happened to
each request (``hit``, ``miss``, ``stored``, ``revalidated``, ``bypass``) is left on the request
for ``CacheOutcomeMiddleware``, which counts it by URL name.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import datetime
from functools import wraps
from threading import Lock

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags

# Request headers that change what a page looks like (htmx asks for fragments).
VARY_HEADERS = ("HX-Request", "HX-Target", "HX-Boosted")


def content_version() -> tuple[int, datetime | None]:
    """The guide revision number and when it last changed (at most one query a request)."""
    from content.snapshot import guide_version

    return guide_version()


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
_CSRF_PLACEHOLDER = b"__spreadguide_csrf_token__"
_UNCACHED_HEADERS = {"content-length", "set-cookie", "etag", "last-modified"}
PAGE_CACHE_SECONDS = 60 * 60
# The request attribute where the outcome is left for CacheOutcomeMiddleware.
OUTCOME_ATTRIBUTE = "page_cache_outcome"


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
    status, headers, body = stored
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
    cache.set(key, (response.status_code, headers, body), PAGE_CACHE_SECONDS)
    setattr(request, OUTCOME_ATTRIBUTE, "stored")


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
        setattr(request, OUTCOME_ATTRIBUTE, "bypass")
        return respond()
    version = content_version()
    etag = compute_etag(request, version)
    if _matches(request, etag):
        setattr(request, OUTCOME_ATTRIBUTE, "revalidated")
        return _not_modified(etag, version[1])
    setattr(request, OUTCOME_ATTRIBUTE, "miss")
    if cache_page and _only_csrf_cookie(request) and not request.META.get("QUERY_STRING"):
        key = _page_key(request, version)
        stored = cache.get(key)
        if stored is not None:
            setattr(request, OUTCOME_ATTRIBUTE, "hit")
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


def conditional_content(view=None, *, page_cache: bool = False):
    """Declare that a view's output depends only on published content and its URL.

    ``@conditional_content`` gives it ETags and 304s; ``@conditional_content(page_cache=True)``
    also keeps its page in the shared cache (see the module's docstring for when that pays).
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return conditional(
                request, lambda: view(request, *args, **kwargs), cache_page=page_cache
            )

        # Function attributes are beyond mypy (and functools.wraps' typed result).
        setattr(wrapped, "page_cache", page_cache)  # noqa: B010
        return wrapped

    return decorate(view) if view is not None else decorate


_OUTCOMES: Counter[tuple[str, str]] = Counter()
_OUTCOMES_LOCK = Lock()


def cache_outcomes() -> dict[tuple[str, str], int]:
    """(URL name, outcome) -> requests, in this process since it started."""
    with _OUTCOMES_LOCK:
        return dict(_OUTCOMES)


class CacheOutcomeMiddleware:
    """Count what the page cache did for each request, by URL name (``hit`` on a content page,
    ``miss`` on every result), so whether a cache pays is measured rather than assumed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        outcome = getattr(request, OUTCOME_ATTRIBUTE, None)
        match = getattr(request, "resolver_match", None)
        if outcome and match is not None:
            with _OUTCOMES_LOCK:
                _OUTCOMES[(match.view_name, outcome)] += 1
        return response


def keep_private(response: HttpResponse) -> HttpResponse:
    """For pages whose address holds a secret key (saved plans, team plans): not cached, not
    indexed, and the key never sent to another site in a Referer."""
    response["Cache-Control"] = "no-store"
    # same-origin, not no-referrer: browsers then send "Origin: null" on the edit form and
    # Django's CSRF check refuses it. The key still never leaves this site in a Referer.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
