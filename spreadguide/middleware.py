"""Refuse oversized requests early and cleanly, and add the headers Django does not set itself."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .errors import API_PREFIX, api_error, error_page


class RequestLimitsMiddleware:
    """Refuse query strings over ``MAX_QUERY_STRING_LENGTH`` (414) and declared bodies over
    ``MAX_REQUEST_BODY_SIZE`` (413) before any view parses them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_query = settings.MAX_QUERY_STRING_LENGTH
        self.max_body = settings.MAX_REQUEST_BODY_SIZE

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if len(request.META.get("QUERY_STRING", "")) > self.max_query:
            return error_page(request, 414)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django treats an unreadable length as no body
        if length > self.max_body:
            return error_page(request, 413)
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


class ApiErrorBodyMiddleware:
    """Give every error under ``/api/`` a JSON body, whoever produced it.

    Django's own refusals (a 405 from ``require_http_methods``, a 429 from a rate limit, a
    CSRF 403) are empty or HTML; an API client should always be able to read the reason.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith(API_PREFIX)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replacement = api_error(response.status_code)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
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
