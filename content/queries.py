"""Reads of guide content for the public pages. Every read goes through ``published()``
unless an editor asked to preview drafts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from .models import (
    Approach,
    CaseExample,
    CombinationStep,
    Consideration,
    GlossaryTerm,
    GuideItem,
    GuideQuerySet,
    Method,
    Principle,
    Source,
    Topic,
)


def _visible(queryset: GuideQuerySet, *, preview: bool) -> GuideQuerySet:
    return queryset if preview else queryset.published()


@dataclass(frozen=True)
class MethodFilter:
    """Narrow methods by where they fit; empty values mean no narrowing."""

    level: str = ""
    motivation: str = ""
    complexity: str = ""

    @property
    def active(self) -> bool:
        return bool(self.level or self.motivation or self.complexity)

    def matches(self, method: Method) -> bool:
        if self.level and self.level not in method.levels:
            return False
        if self.motivation and method.motivation not in (self.motivation, "mixed"):
            return False
        return not (self.complexity and self.complexity not in method.complexity)


def _methods(*, preview: bool) -> QuerySet[Method]:
    return _visible(Method.objects.all(), preview=preview).select_related("approach")


def approaches_with_methods(*, method_filter: MethodFilter, preview: bool = False) -> list:
    """Approaches, each with ``matching_methods``: the ones the filter keeps (2 queries)."""
    methods = [m for m in _methods(preview=preview) if method_filter.matches(m)]
    approaches = list(_visible(Approach.objects.all(), preview=preview))
    for approach in approaches:
        approach.matching_methods = [m for m in methods if m.approach_id == approach.pk]
    if method_filter.active:
        approaches = [a for a in approaches if a.matching_methods]
    return approaches


def filtered_methods(*, method_filter: MethodFilter, preview: bool = False) -> list[Method]:
    return [m for m in _methods(preview=preview) if method_filter.matches(m)]


def approach_detail(*, slug: str, preview: bool = False) -> Approach:
    methods = _visible(Method.objects.all(), preview=preview).prefetch_related(
        Prefetch("considerations", queryset=Consideration.objects.order_by("order", "pk"))
    )
    return (
        _visible(Approach.objects.all(), preview=preview)
        .prefetch_related(Prefetch("methods", queryset=methods), "sources")
        .get(slug=slug)
    )


def method_detail(*, slug: str, preview: bool = False) -> Method:
    steps = CombinationStep.objects.filter(
        case_example__in=_visible(CaseExample.objects.all(), preview=preview)
    ).select_related("case_example")
    return (
        _visible(Method.objects.all(), preview=preview)
        .select_related("approach")
        .prefetch_related(
            Prefetch("considerations", queryset=Consideration.objects.order_by("order", "pk")),
            Prefetch("case_steps", queryset=steps),
            "sources",
        )
        .get(slug=slug)
    )


def case_examples(*, preview: bool = False) -> QuerySet[CaseExample]:
    return _visible(CaseExample.objects.all(), preview=preview).prefetch_related(
        Prefetch("steps", queryset=CombinationStep.objects.select_related("method"))
    )


def case_example_detail(*, slug: str, preview: bool = False) -> CaseExample:
    return case_examples(preview=preview).prefetch_related("sources").get(slug=slug)


def principles(*, preview: bool = False) -> QuerySet[Principle]:
    return _visible(Principle.objects.all(), preview=preview)


def topics(*, preview: bool = False) -> QuerySet[Topic]:
    return _visible(Topic.objects.all(), preview=preview)


def glossary(*, preview: bool = False) -> QuerySet[GlossaryTerm]:
    return _visible(GlossaryTerm.objects.all(), preview=preview)


def sources(*, preview: bool = False) -> QuerySet[Source]:
    return _visible(Source.objects.all(), preview=preview)


def is_visible(item: GuideItem | None, *, preview: bool) -> bool:
    return item is not None and (preview or item.is_published)
