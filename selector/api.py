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

from .answers import parse_answers
from .engine import recommend
from .openapi import build_schema
from .recommendation import Recommendation
from .scoring import BASE, SCORE_SCALE, shared_ranks

SAFE_METHODS = ("GET", "HEAD")


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


def serialise(result: Recommendation, permalink: str) -> dict[str, object]:
    """The documented response body (see ``selector.openapi``)."""
    ranks = shared_ranks((a.score for a in result.approaches), result.score_margin)
    robustness = result.robustness
    return {
        "answers": result.answers.as_dict(),
        "ready_to_spread": result.ready_to_spread,
        "readiness_advice": result.readiness_advice,
        "approaches": [
            {
                "slug": a.slug,
                "name": a.name,
                "score": a.score,
                "rank": rank,
                "reasons": [r.text for r in a.reasons],
            }
            for a, rank in zip(result.approaches, ranks, strict=True)
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
                "function": m.function,
                "role": m.role,
                "caveat": m.caveat,
            }
            for m in result.methods
        ],
        "plan": {
            "phases": [
                {
                    "name": p.name,
                    "when": p.when,
                    "methods": list(p.methods),
                    "concurrent": p.concurrent,
                }
                for p in result.plan
            ]
        },
        "not_recommended": [
            {
                "slug": n.slug,
                "name": n.name,
                "approach": n.approach,
                "rule": n.rule,
                "sentence": n.sentence,
            }
            for n in result.not_recommended
        ],
        "robustness": None
        if robustness is None
        else {
            "holds": robustness.holds,
            "of": robustness.of,
            "sentence": robustness.sentence,
            "changes": list(robustness.changes),
        },
        "score_scale": {
            "min": 0,
            "max": 100,
            "neutral": BASE,
            "margin": result.score_margin,
            "description": SCORE_SCALE,
        },
        "case_examples": [
            {"slug": c.slug, "title": c.title, "similarity": c.similarity, "shared": list(c.shared)}
            for c in result.case_examples
        ],
        "permalink": permalink,
        "content_version": result.content_version,
    }


@read_only
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
    if answers is None:
        return _error(400, errors)
    result = recommend(answers, get_snapshot())
    permalink = request.build_absolute_uri(f"{reverse('selector:result')}?{answers.to_query()}")
    return JsonResponse(serialise(result, permalink))


@read_only
def schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(build_schema())
