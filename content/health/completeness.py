"""Items missing what every item of their kind needs: considerations, examples, sources."""

from __future__ import annotations

from django.db.models import Count, Q

from .. import models
from .problems import Problem, problem_for


def missing_considerations() -> list[Problem]:
    methods = models.Method.objects.annotate(n=Count("considerations")).filter(n=0)
    return [problem_for(m, "No practical considerations: add at least one.") for m in methods]


def missing_examples() -> list[Problem]:
    out = [
        problem_for(m, "No examples: add at least one real example of its use.")
        for m in models.Method.objects.filter(Q(examples="") | Q(examples__isnull=True))
    ]
    out += [
        problem_for(c, "No combination steps: add the methods it combined.")
        for c in models.CaseExample.objects.annotate(n=Count("steps")).filter(n=0)
    ]
    return out


def missing_sources() -> list[Problem]:
    """Items citing no source. A method is covered by its approach's sources."""
    out = []
    unsourced = [
        *models.Approach.objects.annotate(n=Count("sources")).filter(n=0),
        *models.CaseExample.objects.annotate(n=Count("sources")).filter(n=0),
        *models.GlossaryTerm.objects.annotate(n=Count("sources")).filter(n=0),
    ]
    for obj in unsourced:
        out.append(problem_for(obj, "Cites no source: add the source it is based on."))
    methods = (
        models.Method.objects.select_related("approach")
        .annotate(n=Count("sources", distinct=True), a=Count("approach__sources", distinct=True))
        .filter(n=0, a=0)
    )
    out += [problem_for(m, "Cites no source, nor does its approach.") for m in methods]
    return out


def missing_functions() -> list[Problem]:
    """A method with no function can never be chosen for a job in a plan."""
    return [
        problem_for(m, "No functions: say which job it does in a spread plan.")
        for m in models.Method.objects.filter(functions=[])
    ]


def missing_plan_roles() -> list[Problem]:
    """Without its own words for how it does its job, a method's role in a plan is said from
    the job alone, which reads the same for every method doing that job."""
    return [
        problem_for(m, "No words for what it does in a plan: say how it does its job.")
        for m in models.Method.objects.filter(plan_role="").exclude(functions=[])
    ]
