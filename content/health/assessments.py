"""Broken "our assessment" markers: a field the item does not have, or no reason given."""

from __future__ import annotations

from .. import models
from .problems import Problem, problem_for

# The models that carry an ``assessed`` mapping (``models.Assessed``).
ASSESSED_MODELS = (models.Approach, models.Method, models.CaseExample)


def invalid_assessments() -> list[Problem]:
    """Assessment markers naming a field the item does not have, or giving no reason."""
    out = []
    for model in ASSESSED_MODELS:
        for obj in model.objects.exclude(assessed={}).order_by("slug"):
            out += [
                problem_for(obj, problem)
                for problem in models.assessed_problems(model, obj.assessed)
            ]
    return out
