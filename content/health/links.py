"""Internal links in the guide's Markdown that do not lead to a published item."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import Resolver404, resolve

from .. import models
from .problems import Problem, problem_for

# Markdown links: inline [text](/path "title") and reference definitions [x]: /path
_INLINE_LINK = re.compile(r"\]\(\s*<?(/[^)\s>]*)")
_REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(/\S*?)>?(?:\s|$)", re.MULTILINE)


def internal_links(text: str) -> list[str]:
    return _INLINE_LINK.findall(text or "") + _REFERENCE_LINK.findall(text or "")


@dataclass(frozen=True)
class Published:
    approaches: frozenset[str]
    methods: frozenset[str]
    case_examples: frozenset[str]
    glossary: frozenset[str]
    principles: frozenset[str]  # principle and topic anchors on /principles/
    sources: frozenset[str]


def published_slugs() -> Published:
    def slugs(model) -> frozenset[str]:
        return frozenset(model.objects.published().values_list("slug", flat=True))

    return Published(
        approaches=slugs(models.Approach),
        methods=slugs(models.Method),
        case_examples=slugs(models.CaseExample),
        glossary=slugs(models.GlossaryTerm),
        principles=slugs(models.Principle) | slugs(models.Topic),
        sources=slugs(models.Source),
    )


def linkproblem_for(link: str, published: Published) -> str | None:
    """Why an internal link would not reach a published item, or None when it does."""
    path, _, anchor = link.partition("#")
    path = path.split("?", 1)[0] or "/"
    try:
        match = resolve(path)
    except Resolver404:
        return f"{link} is not a page of this site."
    name, slug = match.url_name, match.kwargs.get("slug")
    detail = {
        "approach-detail": (published.approaches, "approach"),
        "method-detail": (published.methods, "method or lever"),
        "case-example-detail": (published.case_examples, "case example"),
    }
    if name in detail:
        known, label = detail[name]
        if slug not in known:
            return f"{link} links to no published {label} '{slug}'."
    anchors = {
        "glossary": (published.glossary, "glossary term"),
        "principles": (published.principles, "principle or topic"),
    }
    if anchor and name in anchors:
        known, label = anchors[name]
        if anchor not in known:
            return f"{link} links to no published {label} '{anchor}'."
    source = anchor.removeprefix("source-") if anchor.startswith("source-") else None
    if name == "about" and source and source not in published.sources:
        return f"{link} links to no published source '{source}'."
    return None


# The items a consideration or step is shown with (and fixed from), read with it.
_OWNERS: dict[type, tuple[str, ...]] = {
    models.Consideration: ("method",),
    models.CombinationStep: ("case_example", "method"),
}


def markdown_texts() -> Iterable[tuple[Any, str, str]]:
    """(item, field name, text) for every Markdown field of every item."""
    for model in models.GUIDE_MODELS:
        fields = model.MARKDOWN_FIELDS
        queryset = model.objects.select_related(*_OWNERS.get(model, ()))
        for obj in queryset:
            for name in fields:
                yield obj, name, getattr(obj, name) or ""


def owner_of(obj: Any) -> Any:
    """The item an editor opens to fix a consideration or step."""
    if isinstance(obj, models.Consideration):
        return obj.method
    if isinstance(obj, models.CombinationStep):
        return obj.case_example
    return obj


def broken_links() -> list[Problem]:
    """Internal links in Markdown that do not lead to a published item (glossary links aside)."""
    published = published_slugs()
    out = []
    for obj, name, text in markdown_texts():
        for link in internal_links(text):
            if link.split("#")[0].rstrip("/") == "/glossary":
                continue  # reported with glossary terms
            problem = linkproblem_for(link, published)
            if problem:
                where = obj._meta.get_field(name).verbose_name
                out.append(problem_for(owner_of(obj), f"In its {where}: {problem}"))
    return out
