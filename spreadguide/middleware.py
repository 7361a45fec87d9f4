"""Refuse oversized requests early and cleanly, and add the headers Django does not set itself."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template import RequestContext, Template

_PAGE = Template(
    """{% extends "base.html" %}
{% block title %}{{ heading }}{% endblock %}
{% block content %}
<div class="nhsuk-grid-row">
  <div class="nhsuk-grid-column-two-thirds">
    <h1>{{ heading }}</h1>
    <p>{{ message }}</p>
    <p><a href="/">Go to the home page</a> or <a href="/plan/">start planning again</a>.</p>
  </div>
</div>
{% endblock %}"""
)

_REFUSALS = {
    429: (
        "Too many requests",
        "You have asked for more downloads than this service can make at once. "
        "Wait a minute, then try again.",
    ),
    413: ("Request too large", "The form you sent was larger than this service accepts."),
    414: (
        "Web address too long",
        "The web address you followed is longer than this service accepts. "
        "It may have been copied incorrectly.",
    ),
}


def _wants_json(request: HttpRequest) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return request.path.startswith("/api/") or (
        "application/json" in accept and "text/html" not in accept
    )


def refusal(request: HttpRequest, status: int) -> HttpResponse:
    """A clean refusal: JSON for the API, an ordinary styled page for people."""
    heading, message = _REFUSALS[status]
    if _wants_json(request):
        return JsonResponse({"errors": {"__all__": [message]}}, status=status)
    # The oversized query must not be parsed while rendering the page (it could hold more
    # fields than Django allows, which would turn a clean refusal into an error).
    request.GET = QueryDict()
    try:
        body = _PAGE.render(RequestContext(request, {"heading": heading, "message": message}))
    except Exception:  # the refusal must never become a 500
        body = f"<!DOCTYPE html><title>{heading}</title><h1>{heading}</h1><p>{message}</p>"
    return HttpResponse(body, status=status)


class RequestLimitsMiddleware:
    """Refuse query strings over ``MAX_QUERY_STRING_LENGTH`` (414) and declared bodies over
    ``MAX_REQUEST_BODY_SIZE`` (413) before any view parses them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_query = settings.MAX_QUERY_STRING_LENGTH
        self.max_body = settings.MAX_REQUEST_BODY_SIZE

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if len(request.META.get("QUERY_STRING", "")) > self.max_query:
            return refusal(request, 414)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django treats an unreadable length as no body
        if length > self.max_body:
            return refusal(request, 413)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Switch off browser features the guide never uses (Django has no setting for this)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response


class OneRevisionReadMiddleware:
    """Read the guide revision at most once per request: the ETag, the page cache and the
    snapshot all ask for it, and each ask would otherwise be a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from content.snapshot import one_revision_read

        with one_revision_read():
            return self.get_response(request)
