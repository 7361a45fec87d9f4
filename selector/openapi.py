"""The API's OpenAPI 3.1 description, generated from the questions so it cannot drift from them."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from content.choices import Kind

from .questions import QUESTIONS, Question

API_VERSION = "1.0.0"


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


def _answer_schema(question: Question) -> dict[str, object]:
    one = {"type": "string", "enum": list(question.values)}
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
    answers = _closed({q.name: _answer_schema(q) for q in QUESTIONS}, "The answers, cleaned.")
    approach = _closed(
        {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "score": _score(),
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
        }
    )
    phase = _closed(
        {
            "name": {"type": "string"},
            "methods": {**_string_list(), "description": "Method slugs."},
            "concurrent": {"type": "boolean"},
        }
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
