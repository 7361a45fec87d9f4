"""The JSON API: a thin view over the same engine the result page uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from content.snapshot import get_snapshot
from spreadguide.http import conditional_content

from .answers import parse_answers
from .engine import recommend
from .openapi import build_schema
from .recommendation import Recommendation, ScoredMethod
from .scoring import BASE, SCORE_SCALE, shared_ranks
from .summary import PlanSummary, public_base_url, summary_from_recommendation

SAFE_METHODS = ("GET", "HEAD")
# By default the method list holds the plan's methods and the best TOP_METHODS others, and the
# considered-and-not-recommended list its first TOP_METHODS, so the answer stays small however
# large the guide grows; ``methods=all`` lists every one in both.
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
    summary: PlanSummary, result: Recommendation, *, all_methods: bool = True
) -> dict[str, object]:
    """The documented response body (see ``selector.openapi``).

    Words come from the plan summary, as on every other output; the engine's machine-readable
    values (ranks, rule names, function codes) come from the recommendation it was built from.
    """
    ranks = shared_ranks((a.score for a in result.approaches), result.score_margin)
    scored = {m.slug: m for m in result.methods}
    listed = {m.slug for m in listed_methods(result, everything=all_methods)}
    robustness = result.robustness
    return {
        "answers": {
            a.question: list(a.value) if isinstance(a.value, tuple) else a.value
            for a in summary.answers
        },
        "ready_to_spread": summary.ready_to_spread,
        "readiness": summary.readiness,
        "readiness_label": summary.readiness_label,
        "readiness_advice": summary.readiness_advice,
        "approaches": [
            {
                "slug": a.slug,
                "name": a.name,
                "score": a.score,
                "rank": rank,
                "reasons": [r.text for r in a.reasons],
            }
            for a, rank in zip(summary.approaches, ranks, strict=True)
        ],
        "methods": [
            {
                "slug": m.slug,
                "name": m.name,
                "kind": m.kind,
                "approach": m.approach_slug,
                "score": m.score,
                "recommended": m.recommended,
                "reasons": [r.text for r in m.reasons],
                "considerations": list(m.considerations),
                "function": scored[m.slug].function,
                "role": scored[m.slug].role,
                "caveat": scored[m.slug].caveat,
            }
            for m in summary.scored_method_lines(listed)
        ],
        "plan": {
            "phases": [
                {
                    "name": p.name,
                    "title": p.title,
                    "when": p.when,
                    "methods": list(p.method_slugs),
                    "concurrent": p.concurrent,
                }
                for p in summary.phases
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
            for n in (
                result.not_recommended if all_methods else result.not_recommended[:TOP_METHODS]
            )
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
            for c in summary.case_examples
        ],
        "permalink": summary.permalink,
        "content_version": summary.content_version,
    }


def recommendation_body(request: HttpRequest, result: Recommendation) -> dict[str, object]:
    """The documented body for one recommendation, with links to this site's public address."""
    summary = summary_from_recommendation(
        result, base_url=public_base_url(request.build_absolute_uri("/"))
    )
    return serialise(summary, result)


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
    snapshot = get_snapshot()
    result = recommend(answers, snapshot)
    summary = summary_from_recommendation(
        result, base_url=public_base_url(request.build_absolute_uri("/")), snapshot=snapshot
    )
    return JsonResponse(serialise(summary, result, all_methods=listing == "all"))


@read_only
def schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(build_schema())
