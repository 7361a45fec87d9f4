"""Every health check, in page order: the guide's own, then those other apps register."""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .assessments import invalid_assessments
from .completeness import (
    missing_considerations,
    missing_examples,
    missing_functions,
    missing_plan_roles,
    missing_sources,
)
from .glossary import undefined_glossary_terms
from .links import broken_links
from .problems import Check, Problem

EXPLANATIONS_FILE = Path(__file__).with_name("known_explanations.yaml")

# A check's finder returns its problems and a note for the page ("" when there is nothing to say).
Finder = Callable[[], tuple[list[Problem], str]]


@dataclass(frozen=True)
class CheckSpec:
    slug: str
    title: str
    description: str
    finders: tuple[Finder, ...] = field(default=())
    forget: Callable[[], None] | None = None  # drops cached findings, so they are recomputed


def _without_note(find: Callable[[], list[Problem]]) -> Finder:
    return lambda: (find(), "")


_CHECKS: dict[str, CheckSpec] = {}


def register_check(
    slug: str,
    title: str,
    description: str,
    find: Finder,
    *,
    forget: Callable[[], None] | None = None,
) -> None:
    """Add a check to the page (registering a slug again replaces it)."""
    _CHECKS[slug] = CheckSpec(slug, title, description, (find,), forget)


def extend_check(slug: str, find: Finder) -> None:
    """Add more problems to an existing check, e.g. the planning questions' glossary links."""
    spec = _CHECKS[slug]
    if find not in spec.finders:
        _CHECKS[slug] = dataclasses.replace(spec, finders=(*spec.finders, find))


register_check(
    "considerations",
    "Methods without practical considerations",
    "Every method and lever needs at least one practical consideration.",
    _without_note(missing_considerations),
)
register_check(
    "examples",
    "Items without examples",
    "Methods need examples of real use; case examples need the methods they combined.",
    _without_note(missing_examples),
)
register_check(
    "sources",
    "Items without sources",
    "Everything the guide says should be credited.",
    _without_note(missing_sources),
)
register_check(
    "functions",
    "Methods without a function",
    "Plans are composed by function (signal, prove, support implementation and so on): "
    "a method with none is never chosen for a job.",
    _without_note(missing_functions),
)
register_check(
    "plan-roles",
    "Methods without words for their role in a plan",
    "A result says what each chosen method does in the plan, starting from how the method "
    "does its job: without those words the sentence is the same for every method doing it.",
    _without_note(missing_plan_roles),
)
register_check(
    "assessments",
    'Broken "our assessment" markers',
    "Each marker must name a field the item has and give a one-line reason.",
    _without_note(invalid_assessments),
)
register_check(
    "links",
    "Broken internal links",
    "Links in Markdown to methods, approaches, case examples, principles or sources "
    "that do not lead to a published item.",
    _without_note(broken_links),
)
register_check(
    "glossary",
    "Glossary terms used but not defined",
    "Links to missing glossary terms, glossary links from the planning questions, and "
    "terms of art the guide uses without defining them.",
    _without_note(undefined_glossary_terms),
)


@functools.cache
def known_explanations() -> dict[tuple[str, str], str]:
    """(check slug, item) to the reason it stays, from the curated file."""
    rows = yaml.safe_load(EXPLANATIONS_FILE.read_text(encoding="utf-8")) or []
    return {(row["check"], row["item"]): row["explanation"] for row in rows}


def _explain(check: str, problems: list[Problem]) -> list[Problem]:
    known = known_explanations()
    return [dataclasses.replace(p, explanation=known.get((check, p.item), "")) for p in problems]


def forget_findings() -> None:
    """Drop every cached finding (an editor asked for the checks afresh)."""
    for spec in _CHECKS.values():
        if spec.forget is not None:
            spec.forget()


def run_checks(*, only: tuple[str, ...] | None = None) -> list[Check]:
    """Every registered check (or those named in ``only``), each with its problems."""
    checks = []
    for spec in _CHECKS.values():
        if only is not None and spec.slug not in only:
            continue
        check = Check(spec.slug, spec.title, spec.description)
        started = time.perf_counter()
        notes = []
        for find in spec.finders:
            problems, note = find()
            check.problems += _explain(spec.slug, problems)
            notes.append(note)
        check.note = " ".join(n for n in notes if n)
        check.seconds = time.perf_counter() - started
        checks.append(check)
    return checks
