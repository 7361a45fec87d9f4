"""``GET /api/teams/<lead key>``: the distribution, the team answers and the recommendation."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from selector.api import SAFE_METHODS, recommendation_body

from .report import api_body, build_report
from .web import lead_team_or_404, private


@csrf_exempt  # read-only: a POST gets the documented 405, not a CSRF page
def team(request: HttpRequest, key: str) -> JsonResponse:
    if request.method not in SAFE_METHODS:
        response = JsonResponse(
            {"errors": {"method": [f"Use GET, not {request.method}."]}}, status=405
        )
        response["Allow"] = ", ".join(SAFE_METHODS)
        return response
    found = lead_team_or_404(key)
    report = build_report(found)
    body = None
    if report.recommendation is not None and report.answers is not None:
        body = recommendation_body(request, report.recommendation)
    response = JsonResponse(api_body(report, body))
    private(response)
    return response
