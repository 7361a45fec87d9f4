"""Exports that cannot take the service down: a per-client rate limit, rendered files cached by
what they say, and at most a fixed number of PDF or Word renders at once in each process.

A PDF takes a few hundred milliseconds of CPU. Unlimited, sixteen connections asking for PDFs of
random answers held every worker and took ``/healthz`` to 9 to 12 s. Here:

* each client (by address, behind the configured proxies) may ask for ``EXPORT_RATE`` exports
  and ``RENDER_RATE`` PDF or Word files; beyond that the answer is 429 with a clear page;
* a rendered file is kept in the cache under a hash of the summary it was made from (plan
  version, answers, guide version and date are all in it), so asking again costs no render;
* each process renders at most ``RENDERS_PER_PROCESS`` such files at a time, and lets as many
  more wait (up to ``QUEUE_SECONDS``) for a slot, so one person asking for the PDF and the Word
  file together gets both; any further request is answered 429 at once instead of queueing
  behind the renders, so the process's other threads stay free for ordinary pages;
* a PDF is made in a render process (``selector.pdf_process``); one that runs past
  ``PDF_RENDER_TIMEOUT``, or whose process dies or cannot start, is answered 503 with a page
  saying to try again.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from functools import wraps
from threading import BoundedSemaphore

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import is_ratelimited

from spreadguide.errors import error_page
from spreadguide.proxies import client_ip

from .exports import Exporter
from .pdf_process import RenderFailed
from .summary import PlanSummary

HEAVY_FORMATS = frozenset({"pdf", "docx"})
CACHE_KEY = "export:{fmt}:{digest}"
CACHE_SECONDS = 60 * 60
RETRY_AFTER_SECONDS = 10
QUEUE_SECONDS = 5
RENDER_FAILED = (
    "The file could not be made just now, so nothing was downloaded. Nothing you saved is "
    "affected: try the download again in a minute."
)

_slots = BoundedSemaphore(max(1, settings.RENDERS_PER_PROCESS))
_waiting = BoundedSemaphore(max(1, settings.RENDERS_PER_PROCESS))


class RenderBusy(Exception):
    """Every render slot of this process is taken."""


def client_address(group: str, request: HttpRequest) -> str:
    """The client's address, read as the admin lockout reads it: through the configured
    proxies only, so a client cannot pick a fresh address per request to dodge the limit."""
    return client_ip(request) or "unknown"


# The refusal page, rendered once per site section in each process: under a flood the 429s are
# most of the work, and for an anonymous visitor the page is the same every time.
_REFUSAL_PAGES: dict[str, bytes] = {}


def _refusal_page(request: HttpRequest) -> HttpResponse:
    anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
    section = request.path.split("/")[1]
    if anonymous and section in _REFUSAL_PAGES:
        return HttpResponse(_REFUSAL_PAGES[section], status=429)
    response = error_page(
        request,
        429,
        "You have asked for more downloads than this service can make at once. "
        "Wait a minute, then try again.",
    )
    if anonymous and response["Content-Type"].startswith("text/html"):
        _REFUSAL_PAGES[section] = response.content
    return response


def _try_again_later(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _too_many(request: HttpRequest) -> HttpResponse:
    response = _try_again_later(_refusal_page(request))
    # Django would log a warning line for each one; under a flood that log is itself the load.
    # gunicorn's access log still records every refusal.
    # (_has_been_logged is the private flag django.utils.log.log_response reads; the stubs do
    # not declare it.)
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 429 once this client has asked for too many exports (``fmt`` is the view's)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        limited = is_ratelimited(
            request, group="exports", key=client_address, rate=settings.EXPORT_RATE, increment=True
        )
        if not limited and kwargs.get("fmt") in HEAVY_FORMATS:
            limited = is_ratelimited(
                request,
                group="renders",
                key=client_address,
                rate=settings.RENDER_RATE,
                increment=True,
            )
        if limited:
            return _too_many(request)
        try:
            return view(request, *args, **kwargs)
        except RenderBusy:
            return _too_many(request)
        except RenderFailed:
            return _try_again_later(
                error_page(request, 503, RENDER_FAILED, heading="The download failed")
            )

    return wrapped


def render(exporter: Exporter, summary: PlanSummary) -> bytes:
    """The export's bytes: from the cache, or rendered in one of this process's slots.

    Raises ``RenderBusy`` when the format is heavy and no slot is free.
    """
    if exporter.fmt not in HEAVY_FORMATS:
        return exporter.render(summary)
    digest = hashlib.sha256(repr(summary).encode()).hexdigest()
    key = CACHE_KEY.format(fmt=exporter.fmt, digest=digest)
    body = cache.get(key)
    if body is not None:
        return body
    if not _slots.acquire(blocking=False):
        if not _waiting.acquire(blocking=False):
            raise RenderBusy
        try:
            if not _slots.acquire(timeout=QUEUE_SECONDS):
                raise RenderBusy
        finally:
            _waiting.release()
    try:
        body = exporter.render(summary)
    finally:
        _slots.release()
    cache.set(key, body, CACHE_SECONDS)
    return body


def guarded(exporter: Exporter) -> Exporter:
    """The same exporter, rendering through ``render`` (cache and slots)."""
    if exporter.fmt not in HEAVY_FORMATS:
        return exporter
    return dataclasses.replace(exporter, render=lambda summary: render(exporter, summary))
