"""Error pages that say what went wrong: styled pages for people, JSON under ``/api/``.

Every error answer goes through here, whether Django raises it (400 for too many fields or a
body too large, 403 for a CSRF failure, 404, 500) or a view or middleware refuses a request
(405, 413, 414, 429). Under ``/api/`` the body is always the API's error shape,
``{"errors": {"__all__": [message]}}``. A database outage answers 503, not 500.
"""

from __future__ import annotations

import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.template import loader

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 30

# status: (heading, message)
REASONS = {
    400: (
        "Sorry, this request could not be read",
        "The page sent something this service cannot read.",
    ),
    403: ("You cannot do that here", "You do not have permission to do this."),
    404: ("Page not found", "There is nothing at this address."),
    405: ("Not allowed", "This address does not accept that kind of request."),
    413: ("Request too large", "The form you sent was larger than this service accepts."),
    414: (
        "Web address too long",
        "The web address you followed is longer than this service accepts. "
        "It may have been copied incorrectly.",
    ),
    429: (
        "Too many requests",
        "You have sent too many requests in a short time. Wait a minute and try again.",
    ),
    500: ("Sorry, there is a problem with the service", "Something went wrong on our side."),
    503: (
        "Sorry, the service is unavailable",
        "The service cannot reach its database at the moment. Try again in a few minutes.",
    ),
}
TOO_MANY_FIELDS = "The form or web address holds more fields than this service accepts."
BODY_TOO_LARGE = "The form you sent was larger than this service accepts."
CSRF_FAILED = (
    "Your form could not be sent because the page it came from had expired, or your browser "
    "blocked the cookie this service uses to check forms."
)
CSRF_ADVICE = "Go back, reload the page and try again. Nothing you sent has been saved."


def wants_json(request: HttpRequest) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return request.path.startswith(API_PREFIX) or (
        "application/json" in accept and "text/html" not in accept
    )


def api_error(status: int, message: str | None = None) -> JsonResponse:
    default = REASONS[status][1] if status in REASONS else f"The request was refused ({status})."
    return JsonResponse({"errors": {"__all__": [message or default]}}, status=status)


def error_page(
    request: HttpRequest,
    status: int,
    message: str | None = None,
    *,
    heading: str | None = None,
    advice: str = "",
) -> HttpResponse:
    """The refusal, as JSON for the API or as an ordinary styled page for people."""
    default_heading, default_message = REASONS[status]
    message = message or default_message
    if wants_json(request):
        return api_error(status, message)
    heading = heading or default_heading
    # A query that caused the refusal must not be parsed again while rendering the page (it
    # could hold more fields than Django allows, turning a clean refusal into an error).
    request.GET = QueryDict()
    context = {"heading": heading, "message": message, "advice": advice}
    body: str
    try:
        body = loader.render_to_string("error.html", context, request=request)
    except Exception:  # the error page itself must never become a 500
        body = f"<!DOCTYPE html><title>{heading}</title><h1>{heading}</h1><p>{message}</p>"
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, TooManyFieldsSent):
        return error_page(request, 400, TOO_MANY_FIELDS)
    if isinstance(exception, RequestDataTooBig):
        return error_page(request, 400, BODY_TOO_LARGE)
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(
        request, 403, CSRF_FAILED, heading="Your form could not be sent", advice=CSRF_ADVICE
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return api_error(404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Called while the exception is being handled, so it can tell an outage from a bug.
    outage = isinstance(sys.exception(), DatabaseError)
    status = 503 if outage else 500
    response: HttpResponse
    if wants_json(request):
        response = api_error(status)
    else:
        # No context processors: they might be what failed.
        response = HttpResponse(loader.get_template(f"{status}.html").render(), status=status)
    if outage:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
