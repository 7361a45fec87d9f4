"""The JSON API: a thin view over the same engine the result page uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from content.snapshot import get_snapshot
from spreadguide.http import conditional_content

from .answers import parse_answers
from .engine import recommend
from .openapi import build_schema
from .recommendation import Recommendation, ScoredMethod

SAFE_METHODS = ("GET", "HEAD")
# By default the method list holds the plan's methods and the best TOP_METHODS others, so the
# answer stays small however large the guide grows; ``methods=all`` lists every one.
METHODS_PARAM = "methods"
METHODS_CHOICES = ("top", "all")
TOP_METHODS = 10


def listed_methods(result: Recommendation, *, everything: bool) -> list[ScoredMethod]:
    """The methods the API lists: all of them, or the recommended ones and the top few."""
    if everything:
        return list(result.methods)
    return [m for i, m in enumerate(result.methods) if m.recommended or i < TOP_METHODS]


def _error(status: int, errors: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def read_only(view: Callable[[HttpRequest], JsonResponse]) -> Callable[[HttpRequest], JsonResponse]:
    """Like ``require_safe``, but the 405 has a JSON body like every other API error."""

    @wraps(view)
    def wrapper(request: HttpRequest) -> JsonResponse:
        if request.method not in SAFE_METHODS:
            response = _error(405, {"method": [f"Use GET, not {request.method}."]})
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        return view(request)

    # Nothing here changes state, so CSRF has nothing to protect; exempting it lets a POST get
    # the documented 405 rather than a CSRF failure page.
    return csrf_exempt(wrapper)


def serialise(
    result: Recommendation, permalink: str, *, all_methods: bool = True
) -> dict[str, object]:
    """The documented response body (see ``selector.openapi``)."""
    return {
        "answers": result.answers.as_dict(),
        "ready_to_spread": result.ready_to_spread,
        "readiness_advice": result.readiness_advice,
        "approaches": [
            {
                "slug": a.slug,
                "name": a.name,
                "score": a.score,
                "reasons": [r.text for r in a.reasons],
            }
            for a in result.approaches
        ],
        "methods": [
            {
                "slug": m.slug,
                "name": m.name,
                "kind": m.kind,
                "approach": m.approach,
                "score": m.score,
                "recommended": m.recommended,
                "reasons": [r.text for r in m.reasons],
                "considerations": [c.text for c in m.considerations],
            }
            for m in listed_methods(result, everything=all_methods)
        ],
        "plan": {
            "phases": [
                {"name": p.name, "methods": list(p.methods), "concurrent": p.concurrent}
                for p in result.plan
            ]
        },
        "case_examples": [
            {"slug": c.slug, "title": c.title, "similarity": c.similarity, "shared": list(c.shared)}
            for c in result.case_examples
        ],
        "permalink": permalink,
        "content_version": result.content_version,
    }


@read_only
@conditional_content
def recommendation(request: HttpRequest) -> JsonResponse:
    # Refuse oversized queries before parsing them: answers never need more than a few hundred
    # characters, and parsing costs grow with the length.
    if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
        limit = settings.MAX_QUERY_STRING_LENGTH
        return _error(414, {"__all__": [f"The query string is longer than {limit} characters."]})
    try:
        query = request.GET
    except TooManyFieldsSent:
        return _error(400, {"__all__": ["The query string has too many parameters."]})
    answers, errors = parse_answers(query)
    listing = query.get(METHODS_PARAM, METHODS_CHOICES[0])
    if listing not in METHODS_CHOICES:
        errors = {**errors, METHODS_PARAM: ["Use methods=top (the default) or methods=all."]}
    if answers is None or errors:
        return _error(400, errors)
    result = recommend(answers, get_snapshot())
    permalink = request.build_absolute_uri(f"{reverse('selector:result')}?{answers.to_query()}")
    return JsonResponse(serialise(result, permalink, all_methods=listing == "all"))


@read_only
def schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(build_schema())
