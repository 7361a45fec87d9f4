"""Refuse oversized requests early and cleanly, and add the headers Django does not set itself."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import csp.middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase

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

        # Only reading requests may take another request's recent read (see one_revision_read).
        with one_revision_read(may_reuse=request.method in ("GET", "HEAD")):
            return self.get_response(request)


# What a view or decorator can set on a response to change its policy (django-csp's names).
_CSP_OVERRIDES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


@lru_cache(maxsize=1)
def _fixed_policies() -> tuple[str, str]:
    # Pure for the settings: django-csp would otherwise build both strings from the settings
    # on every response, /healthz included.
    return build_policy(), build_policy(report_only=True)


@receiver(setting_changed)
def _csp_settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _fixed_policies.cache_clear()


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the settings' policy built once rather than per response.

    Only the common case takes the short cut: no nonce used, no per-view policy, no excluded
    prefixes; anything else goes through django-csp as it is, so the headers are the same.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _CSP_OVERRIDES)
            or (settings.DEBUG and response.status_code in (404, 500))
            or _excluded_prefixes()
        ):
            return super().process_response(request, response)
        policy, report_only = _fixed_policies()
        if policy and HEADER not in response:
            response[HEADER] = policy
        if report_only and HEADER_REPORT_ONLY not in response:
            response[HEADER_REPORT_ONLY] = report_only
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


def _excluded_prefixes() -> bool:
    return any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    )
