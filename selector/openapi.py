"""The API's OpenAPI 3.1 description, generated from the questions so it cannot drift from them."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from content.choices import Function, Kind

from .feasibility import ALL_RULES
from .questions import QUESTIONS, Question
from .scoring import SCORE_SCALE

API_VERSION = "1.1.0"


def _string_list() -> dict[str, object]:
    return {"type": "array", "items": {"type": "string"}}


def _score() -> dict[str, object]:
    return {"type": "integer", "minimum": 0, "maximum": 100}


def _closed(properties: dict[str, object], description: str = "") -> dict[str, object]:
    """An object with exactly these properties, all present."""
    out: dict[str, object] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        out["description"] = description
    return out


def _answer_schema(question: Question, cleaned: bool = False) -> dict[str, object]:
    # A cleaned optional single answer is "" when not given: the neutral default.
    neutral = [""] if cleaned and not question.required and not question.multiple else []
    one: dict[str, object] = {"type": "string", "enum": [*neutral, *question.values]}
    if question.multiple:
        return {"type": "array", "items": one}
    return one


def _parameter(question: Question) -> dict[str, object]:
    values = "; ".join(f"`{o.value}`: {o.hint or o.label}" for o in question.options)
    parameter: dict[str, object] = {
        "name": question.name,
        "in": "query",
        "required": question.required,
        "description": f"{question.title} {question.help_text} Values: {values}",
        "schema": _answer_schema(question),
    }
    if question.multiple:
        parameter |= {"style": "form", "explode": True}
    return parameter


def _methods_parameter() -> dict[str, object]:
    return {
        "name": "methods",
        "in": "query",
        "required": False,
        "description": "Which methods to list: `top` (the default) lists the plan's methods and "
        "the best ten others, so the answer stays small however large the guide grows; `all` "
        "lists every published method and lever.",
        "schema": {"type": "string", "enum": ["top", "all"], "default": "top"},
    }


def _recommendation_schema() -> dict[str, object]:
    answers = _closed(
        {q.name: _answer_schema(q, cleaned=True) for q in QUESTIONS},
        "The answers, cleaned; an optional question not answered is the empty string.",
    )
    approach = _closed(
        {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "score": _score(),
            "rank": {
                "type": "integer",
                "minimum": 1,
                "description": "Approaches within the score scale's margin of the best of "
                "their group share its rank: they are equally good.",
            },
            "reasons": _string_list(),
        }
    )
    method = _closed(
        {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "kind": {"type": "string", "enum": list(Kind.values)},
            "approach": {"type": "string", "description": "The approach's slug."},
            "score": _score(),
            "recommended": {"type": "boolean", "description": "Part of the proposed plan."},
            "reasons": _string_list(),
            "considerations": _string_list(),
            "function": {
                "type": "string",
                "enum": ["", *Function.values],
                "description": "The job it does in the plan; empty when not recommended.",
            },
            "role": {
                "type": "string",
                "description": "What it does in this plan; empty when not recommended.",
            },
            "caveat": {
                "type": "string",
                "description": "For a partial fit: the risk, and what the plan does about it.",
            },
        }
    )
    phase = _closed(
        {
            "name": {"type": "string"},
            "title": {"type": "string", "description": 'e.g. "Phase 1 (now): get started".'},
            "when": {"type": "string", "description": 'The phase key, e.g. "now".'},
            "methods": {**_string_list(), "description": "Method slugs."},
            "concurrent": {"type": "boolean"},
        }
    )
    not_recommended = _closed(
        {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "approach": {"type": "string", "description": "The approach's slug."},
            "rule": {
                "type": "string",
                "enum": [r.name for r in ALL_RULES],
                "description": "The feasibility rule it fails: "
                + " ".join(f"`{r.name}`: {r.summary}" for r in ALL_RULES),
            },
            "sentence": {"type": "string", "description": "Why, for these answers."},
        }
    )
    robustness = _closed(
        {
            "holds": {"type": "integer", "minimum": 0},
            "of": {"type": "integer", "minimum": 0},
            "sentence": {"type": "string"},
            "changes": {
                **_string_list(),
                "description": "Each single answer change that would alter the top approach "
                "or the combination, in plain words.",
            },
        },
        "Single answer changes (one step of each answered question) and whether the top "
        "approach and the combination survive them. The top approach survives a change while "
        "it stays first or within the score margin of the first; `changes` lists those that "
        "move the top approach first, then those that move only the combination.",
    )
    scale = _closed(
        {
            "min": {"type": "integer"},
            "max": {"type": "integer"},
            "neutral": {"type": "integer"},
            "margin": {"type": "integer", "minimum": 0},
            "description": {"type": "string"},
        },
        SCORE_SCALE,
    )
    case = _closed(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "similarity": _score(),
            "shared": _string_list(),
        }
    )
    return _closed(
        {
            "answers": answers,
            "ready_to_spread": {"type": "boolean"},
            "readiness": {"type": "string", "enum": ["ready", "caution", "not-ready"]},
            "readiness_label": {"type": "string", "description": "The readiness in words."},
            "readiness_advice": {"type": ["string", "null"]},
            "approaches": {
                "type": "array",
                "items": approach,
                "description": "Every approach, best first.",
            },
            "methods": {
                "type": "array",
                "items": method,
                "description": "Methods and levers, best first: those in the plan and the "
                "best ten others, or every one with `methods=all`.",
            },
            "plan": _closed({"phases": {"type": "array", "items": phase}}),
            "not_recommended": {
                "type": "array",
                "items": not_recommended,
                "description": "Methods considered and not recommended: each fails a "
                "feasibility rule, so it is never in the plan. The first ten, or every one with "
                "`methods=all`.",
            },
            "robustness": {"oneOf": [robustness, {"type": "null"}]},
            "score_scale": scale,
            "case_examples": {
                "type": "array",
                "items": case,
                "description": "Case examples, closest first.",
            },
            "permalink": {"type": "string", "format": "uri"},
            "content_version": {"type": "string"},
        }
    )


def _errors_schema() -> dict[str, object]:
    return _closed(
        {
            "errors": {
                "type": "object",
                "description": "Messages by field name: a question's parameter name, "
                "`__all__` for the request as a whole, or `method`.",
                "additionalProperties": {
                    "type": "array",
                    "items": {"type": "string"},
                    "minItems": 1,
                },
                "minProperties": 1,
            }
        }
    )


def _json(description: str, ref: str) -> dict[str, object]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _team_path() -> dict[str, object]:
    """``GET /api/teams/{key}``, served by the teams app (described here, with the rest)."""
    value = {"oneOf": [{"type": "string"}, _string_list(), {"type": "null"}]}
    question = _closed(
        {
            "name": {"type": "string"},
            "label": {"type": "string"},
            "answered": {"type": "integer", "minimum": 0},
            "skipped": {"type": "integer", "minimum": 0},
            "distribution": {
                "type": "array",
                "items": _closed(
                    {
                        "value": {"type": "string"},
                        "label": {"type": "string"},
                        "count": {"type": "integer", "minimum": 0},
                    }
                ),
            },
            "contested": {"type": "boolean"},
            "why": {"type": "string", "description": "Why it is flagged; empty when not."},
            "team_answer": value,
            "overridden": {"type": "boolean", "description": "The lead set this answer."},
            "changes_plan": {
                "type": ["boolean", "null"],
                "description": "For a contested question: whether another answer given would "
                "change the top approach or the methods. Null otherwise.",
            },
        }
    )
    team = _closed(
        {
            "title": {"type": "string"},
            "members": {"type": "integer", "minimum": 0},
            "open": {"type": "boolean"},
            "questions": {"type": "array", "items": question},
            "team_answers": {"type": "object", "additionalProperties": value},
            "recommendation": {
                "oneOf": [{"$ref": "#/components/schemas/Recommendation"}, {"type": "null"}],
                "description": "For the team answers; null while a required one is missing.",
            },
        },
        "A team plan: the distribution of answers, the team answers and the recommendation.",
    )
    return {
        "get": {
            "operationId": "getTeamPlan",
            "summary": "How a team answered, where it disagrees, and the recommendation for "
            "its answers. The key is the team plan's lead key.",
            "parameters": [
                {
                    "name": "key",
                    "in": "path",
                    "required": True,
                    "description": "The lead key from the team plan's lead link.",
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$"},
                }
            ],
            "responses": {
                "200": {
                    "description": "The team plan.",
                    "content": {"application/json": {"schema": team}},
                },
                "404": {"description": "No team plan has this lead key."},
                "405": _json("Only GET (and HEAD) are allowed.", "Errors"),
            },
        }
    }


@cache
def build_schema() -> dict[str, object]:
    limit = settings.MAX_QUERY_STRING_LENGTH
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.SITE_NAME} API",
            "version": API_VERSION,
            "description": "Recommendations for spreading and scaling an innovation, computed "
            "from the guide's published content.",
        },
        "paths": {
            "/api/recommendation": {
                "get": {
                    "operationId": "getRecommendation",
                    "summary": "Ranked approaches and methods, a phased plan and matching case "
                    "examples for a set of answers.",
                    "parameters": [*(_parameter(q) for q in QUESTIONS), _methods_parameter()],
                    "responses": {
                        "200": _json("The recommendation.", "Recommendation"),
                        "400": _json("Missing or invalid answers, named by field.", "Errors"),
                        "405": _json("Only GET (and HEAD) are allowed.", "Errors"),
                        "414": _json(f"The query string is over {limit} characters.", "Errors"),
                    },
                }
            },
            "/api/teams/{key}": _team_path(),
            "/api/schema": {
                "get": {
                    "operationId": "getSchema",
                    "summary": "This document.",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI description of this API.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "405": _json("Only GET (and HEAD) are allowed.", "Errors"),
                    },
                }
            },
        },
        "components": {
            "schemas": {"Recommendation": _recommendation_schema(), "Errors": _errors_schema()}
        },
    }
