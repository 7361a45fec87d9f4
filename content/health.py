"""Content health checks and engine previews for editors, as plain functions.

Nothing here writes to the database. The engine (``selector.engine``) is imported lazily, so
admin keeps working, with a note, if it is missing or broken.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import Resolver404, resolve, reverse

from selector.scenarios import SCENARIOS, Scenario

from . import models
from .choices import Status
from .snapshot import GuideSnapshot, MethodData, approach_data, get_snapshot, method_data

TOP = 10
NEVER_TOP_CACHE_KEY = "content-health:never-top-{top}:{version}"
NEVER_TOP_CACHE_SECONDS = 60 * 60 * 24 * 7


# ---------------------------------------------------------------- the engine, lazily


class EngineUnavailable(Exception):
    pass


def _engine_recommend() -> Callable:
    try:
        from selector.engine import recommend
    except Exception as exc:
        raise EngineUnavailable(f"The recommendation engine is not available ({exc}).") from exc
    # Coverage only needs the ranking: robustness re-runs would multiply the work many times.
    return functools.partial(recommend, robustness=False)


def _answers(**values: Any):
    from selector.answers import Answers

    return Answers(audience=(), **values)


def _digest(data: MethodData) -> str:
    body = json.dumps(dataclasses.asdict(data), sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()[:12]


def snapshot_with(method: models.Method, *, previous_slug: str | None = None) -> GuideSnapshot:
    """The published guide with this method (draft or unsaved values) as if published."""
    snapshot = get_snapshot()
    data = method_data(method)
    replaced = {previous_slug or method.slug, method.slug}
    methods = [m for m in snapshot.methods if m.slug not in replaced]
    position = next((i for i, m in enumerate(snapshot.methods) if m.slug in replaced), len(methods))
    methods.insert(min(position, len(methods)), data)
    approaches = snapshot.approaches
    approach = method.approach
    if snapshot.approach(approach.slug) is None:
        approaches = (*approaches, approach_data(approach))
    return dataclasses.replace(
        snapshot,
        methods=tuple(methods),
        approaches=approaches,
        # The engine caches its tables per version: each set of values needs its own.
        version=f"{snapshot.version}-preview-{_digest(data)}",
    )


@dataclass(frozen=True)
class ScenarioRank:
    scenario: str
    position: int | None  # 1 is best; None when the engine left the method out
    total: int
    score: int | None
    recommended: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class EnginePreview:
    ranks: tuple[ScenarioRank, ...] = ()
    note: str = ""


def engine_preview(
    method: models.Method,
    *,
    previous_slug: str | None = None,
    scenarios: Sequence[Scenario] = SCENARIOS,
) -> EnginePreview:
    """Where this method ranks, and why, in each typical scenario (its current values)."""
    try:
        recommend = _engine_recommend()
        snapshot = snapshot_with(method, previous_slug=previous_slug)
        ranks = []
        for scenario in scenarios:
            result = recommend(_answers(**scenario.answers), snapshot)
            found = next(
                ((i, m) for i, m in enumerate(result.methods, 1) if m.slug == method.slug),
                None,
            )
            position, scored = found if found else (None, None)
            ranks.append(
                ScenarioRank(
                    scenario=scenario.name,
                    position=position,
                    total=len(result.methods),
                    score=scored.score if scored else None,
                    recommended=bool(scored and scored.recommended),
                    reasons=tuple(r.text for r in scored.reasons) if scored else (),
                )
            )
    except EngineUnavailable as exc:
        return EnginePreview(note=str(exc))
    except Exception as exc:
        return EnginePreview(note=f"The engine could not score this method ({exc}).")
    note = "" if method.is_published else "Shown as if this draft were published."
    return EnginePreview(ranks=tuple(ranks), note=note)


# ---------------------------------------------------------------- health checks


@dataclass(frozen=True)
class Problem:
    item: str
    detail: str
    admin_url: str = ""
    status: str = Status.PUBLISHED
    explanation: str = ""  # why it is acceptable, for known remaining items


@dataclass
class Check:
    slug: str
    title: str
    description: str
    problems: list[Problem] = field(default_factory=list)
    note: str = ""
    seconds: float = 0.0


def _admin_url(obj: Any) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def _problem(obj: Any, detail: str, explanation: str = "") -> Problem:
    label = f"{obj._meta.verbose_name.capitalize()}: {obj}"
    status = getattr(obj, "status", Status.PUBLISHED)
    return Problem(label, detail, _admin_url(obj), status, explanation)


def missing_considerations() -> list[Problem]:
    methods = models.Method.objects.annotate(n=Count("considerations")).filter(n=0)
    return [_problem(m, "No practical considerations: add at least one.") for m in methods]


def missing_examples() -> list[Problem]:
    out = [
        _problem(m, "No examples: add at least one real example of its use.")
        for m in models.Method.objects.filter(Q(examples="") | Q(examples__isnull=True))
    ]
    out += [
        _problem(c, "No combination steps: add the methods it combined.")
        for c in models.CaseExample.objects.annotate(n=Count("steps")).filter(n=0)
    ]
    return out


def missing_functions() -> list[Problem]:
    """A method with no function can never be chosen for a job in a plan."""
    return [
        _problem(m, "No functions: say which job it does in a spread plan.")
        for m in models.Method.objects.filter(functions=[])
    ]


def missing_sources() -> list[Problem]:
    """Items citing no source. A method is covered by its approach's sources."""
    out = []
    for model in (models.Approach, models.CaseExample, models.GlossaryTerm):
        for obj in model.objects.annotate(n=Count("sources")).filter(n=0):
            out.append(_problem(obj, "Cites no source: add the source it is based on."))
    methods = (
        models.Method.objects.select_related("approach")
        .annotate(n=Count("sources", distinct=True), a=Count("approach__sources", distinct=True))
        .filter(n=0, a=0)
    )
    out += [_problem(m, "Cites no source, nor does its approach.") for m in methods]
    return out


def invalid_assessments() -> list[Problem]:
    """Assessment markers naming a field the item does not have, or giving no reason."""
    out = []
    for model in (models.Approach, models.Method, models.CaseExample):
        for obj in model.objects.exclude(assessed={}).order_by("slug"):
            out += [
                _problem(obj, problem) for problem in models.assessed_problems(model, obj.assessed)
            ]
    return out


# Markdown links: inline [text](/path "title") and reference definitions [x]: /path
_INLINE_LINK = re.compile(r"\]\(\s*<?(/[^)\s>]*)")
_REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(/\S*?)>?(?:\s|$)", re.MULTILINE)

MARKDOWN_FIELDS: dict[type, tuple[str, ...]] = {
    models.Approach: ("summary", "description", "effectiveness", "limitations"),
    models.Method: ("summary", "description", "examples"),
    models.Consideration: ("text",),
    models.CaseExample: ("summary", "description", "outcomes"),
    models.CombinationStep: ("what_it_did",),
    models.Principle: ("summary", "description"),
    models.Topic: ("summary", "body"),
    models.GlossaryTerm: ("definition",),
    models.Source: ("note",),
}


def internal_links(text: str) -> list[str]:
    return _INLINE_LINK.findall(text or "") + _REFERENCE_LINK.findall(text or "")


@dataclass(frozen=True)
class _Published:
    approaches: frozenset[str]
    methods: frozenset[str]
    case_examples: frozenset[str]
    glossary: frozenset[str]
    principles: frozenset[str]  # principle and topic anchors on /principles/
    sources: frozenset[str]


def _published() -> _Published:
    def slugs(model) -> frozenset[str]:
        return frozenset(model.objects.published().values_list("slug", flat=True))

    return _Published(
        approaches=slugs(models.Approach),
        methods=slugs(models.Method),
        case_examples=slugs(models.CaseExample),
        glossary=slugs(models.GlossaryTerm),
        principles=slugs(models.Principle) | slugs(models.Topic),
        sources=slugs(models.Source),
    )


def link_problem(link: str, published: _Published) -> str | None:
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


def _texts() -> Iterable[tuple[Any, str, str]]:
    """(item, field name, text) for every Markdown field of every item."""
    for model, fields in MARKDOWN_FIELDS.items():
        queryset = model.objects.all()
        if model is models.Consideration:
            queryset = queryset.select_related("method")
        elif model is models.CombinationStep:
            queryset = queryset.select_related("case_example", "method")
        for obj in queryset:
            for name in fields:
                yield obj, name, getattr(obj, name) or ""


def _owner(obj: Any) -> Any:
    """The item an editor opens to fix a consideration or step."""
    if isinstance(obj, models.Consideration):
        return obj.method
    if isinstance(obj, models.CombinationStep):
        return obj.case_example
    return obj


def broken_links() -> list[Problem]:
    """Internal links in Markdown that do not lead to a published item (glossary links aside)."""
    published = _published()
    out = []
    for obj, name, text in _texts():
        for link in internal_links(text):
            if link.split("#")[0].rstrip("/") == "/glossary":
                continue  # reported with glossary terms
            problem = link_problem(link, published)
            if problem:
                where = obj._meta.get_field(name).verbose_name
                out.append(_problem(_owner(obj), f"In its {where}: {problem}"))
    return out


# Terms of art the guide relies on, with the glossary slugs that define them.
GLOSSARY_LIKE_PHRASES: dict[str, tuple[str, ...]] = {
    "adoption": ("adoption",),
    "spread": ("spread",),
    "scale": ("scale", "scaling"),
    "diffusion": ("diffusion",),
    "implementation": ("implementation",),
    "absorptive capacity": ("absorptive-capacity",),
    "adaptive space": ("adaptive-space",),
    "systems convening": ("systems-convening",),
    "extrinsic motivation": ("extrinsic-motivation",),
    "intrinsic motivation": ("intrinsic-motivation",),
    "complex adaptive system": ("complex-adaptive-system",),
    "fidelity": ("fidelity",),
    "sustainability": ("sustainability",),
    "early adopter": ("early-adopter", "adopter"),
    "tipping point": ("tipping-point",),
}
# Abbreviations every reader of NHS material knows; others must be spelled out or defined.
WELL_KNOWN_ABBREVIATIONS = frozenset({"NHS", "GP", "IT", "UK", "ECG", "GBP", "NICE"})
_ABBREVIATION = re.compile(r"\b([A-Z]{2,6})s?\b")


def _glossary_link_problems(published: _Published) -> list[Problem]:
    out = []
    for obj, name, text in _texts():
        for link in internal_links(text):
            path, _, anchor = link.partition("#")
            if path.rstrip("/") == "/glossary" and anchor and anchor not in published.glossary:
                where = obj._meta.get_field(name).verbose_name
                out.append(
                    _problem(
                        _owner(obj),
                        f"In its {where}: links to the glossary term '{anchor}', which is not "
                        "defined (or not published). Add the term or fix the link.",
                    )
                )
    return out


def _question_glossary_problems(published: _Published) -> list[Problem]:
    try:
        from selector.questions import QUESTIONS
    except Exception:
        return []
    return [
        Problem(
            item=f"Planning question: {question.short_label}",
            detail=f"Its help links to the glossary term '{term}' (#{slug}), which is not "
            "defined or not published. Add the term to the glossary.",
        )
        for question in QUESTIONS
        for term, slug in question.glossary
        if slug not in published.glossary
    ]


def _titles() -> str:
    names = []
    for model, attr in (
        (models.Approach, "name"),
        (models.Method, "name"),
        (models.CaseExample, "title"),
        (models.Topic, "title"),
        (models.Principle, "name"),
        (models.Source, "title"),
    ):
        names += model.objects.values_list(attr, flat=True)
    return "\n".join(names)


def undefined_glossary_terms() -> list[Problem]:
    """Glossary links to missing terms, the wizard's glossary links, terms of art used but not
    in the glossary, and abbreviations never spelled out."""
    published = _published()
    out = _glossary_link_problems(published) + _question_glossary_problems(published)
    text = "\n".join(text for _, _, text in _texts())
    lowered = text.lower()
    for phrase, slugs in GLOSSARY_LIKE_PHRASES.items():
        if any(slug in published.glossary for slug in slugs):
            continue
        if re.search(rf"\b{re.escape(phrase)}\b", lowered):
            out.append(
                Problem(
                    item=f"Term: {phrase}",
                    detail=f"'{phrase}' is used in the guide but has no glossary entry. "
                    "Define it in the glossary.",
                )
            )
    terms = {
        t.upper() for t in models.GlossaryTerm.objects.published().values_list("term", flat=True)
    }
    everything = text + "\n" + _titles()
    for abbreviation in sorted(set(_ABBREVIATION.findall(text))):
        if abbreviation in WELL_KNOWN_ABBREVIATIONS or abbreviation in terms:
            continue
        spelled_out = re.search(rf"\(\s*{abbreviation}s?\s*\)|\b{abbreviation}s?\s+\(", everything)
        if not spelled_out:
            out.append(
                Problem(
                    item=f"Abbreviation: {abbreviation}",
                    detail=f"'{abbreviation}' is used but never spelled out, e.g. "
                    f"'Full name ({abbreviation})', and is not in the glossary.",
                )
            )
    return out


# ---------------------------------------------------------------- never recommended


def all_answer_combinations() -> Iterable[dict[str, str]]:
    """Every combination of the single-answer questions (3^9 today); 'who' is left empty."""
    from selector.questions import REQUIRED_SINGLE_QUESTIONS as QUESTIONS

    names = [q.name for q in QUESTIONS]
    for values in itertools.product(*(q.values for q in QUESTIONS)):
        yield dict(zip(names, values, strict=True))


@dataclass(frozen=True)
class CoverageResult:
    never: tuple[str, ...]  # method slugs never in the top
    combinations: int
    seconds: float
    version: str


def never_in_top(
    *,
    snapshot: GuideSnapshot | None = None,
    top: int = TOP,
    recommend: Callable | None = None,
    combinations: Iterable[dict[str, str]] | None = None,
    use_cache: bool = True,
) -> CoverageResult:
    """Published methods that no answer combination puts in the top ``top``.

    Cached per content version: the guide's content hash changes with any published edit.
    """
    snapshot = snapshot or get_snapshot()
    key = NEVER_TOP_CACHE_KEY.format(top=top, version=snapshot.version)
    if use_cache and recommend is None and combinations is None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    recommend = recommend or _engine_recommend()
    from selector.answers import Answers

    started = time.perf_counter()
    remaining = {m.slug for m in snapshot.methods}
    count = 0
    for combination in combinations if combinations is not None else all_answer_combinations():
        count += 1
        result = recommend(Answers(audience=(), **combination), snapshot)
        remaining.difference_update(m.slug for m in result.methods[:top])
        if not remaining:
            break
    order = [m.slug for m in snapshot.methods]
    result = CoverageResult(
        never=tuple(s for s in order if s in remaining),
        combinations=count,
        seconds=time.perf_counter() - started,
        version=snapshot.version,
    )
    if use_cache and combinations is None:
        cache.set(key, result, NEVER_TOP_CACHE_SECONDS)
    return result


def forget_coverage() -> None:
    """Drop the cached coverage of the current content version, so it is computed again."""
    cache.delete(NEVER_TOP_CACHE_KEY.format(top=TOP, version=get_snapshot().version))


def never_recommended(**kwargs: Any) -> tuple[list[Problem], str]:
    try:
        coverage = never_in_top(**kwargs)
    except EngineUnavailable as exc:
        return [], str(exc)
    methods = {m.slug: m for m in models.Method.objects.filter(slug__in=coverage.never)}
    out = [
        _problem(
            methods[slug],
            f"Never in the top {TOP} for any of the {coverage.combinations:,} answer "
            "combinations: check its attributes (levels, sizes, complexity, cost).",
        )
        for slug in coverage.never
        if slug in methods
    ]
    stopped = "" if coverage.never else " (stopped as soon as every method had been seen)"
    note = (
        f"Checked {coverage.combinations:,} answer combinations in {coverage.seconds:.1f} s"
        f"{stopped}; cached for content version {coverage.version}."
    )
    return out, note


# Items that remain on the page for the shipped guide on purpose, with the reason shown.
KNOWN_EXPLANATIONS: dict[tuple[str, str], str] = {
    ("glossary", "Abbreviation: PJ"): "Part of a campaign's name ('End PJ Paralysis', PJ for "
    "pyjamas), not a term of art: nothing to define.",
    ("glossary", "Abbreviation: BASIC"): "Part of the name of the NWAS BASIC STEP case "
    "example, explained on its page.",
    ("glossary", "Abbreviation: STEP"): "Part of the name of the NWAS BASIC STEP case "
    "example, explained on its page.",
}


def _explain(check: str, problems: list[Problem]) -> list[Problem]:
    return [
        dataclasses.replace(p, explanation=KNOWN_EXPLANATIONS.get((check, p.item), ""))
        for p in problems
    ]


def run_checks(*, include_engine: bool = True) -> list[Check]:
    """Every health check, each with its problems (empty when healthy)."""
    checks = [
        Check(
            "considerations",
            "Methods without practical considerations",
            "Every method and lever needs at least one practical consideration.",
        ),
        Check(
            "examples",
            "Items without examples",
            "Methods need examples of real use; case examples need the methods they combined.",
        ),
        Check("sources", "Items without sources", "Everything the guide says should be credited."),
        Check(
            "functions",
            "Methods without a function",
            "Plans are composed by function (signal, prove, support implementation and so on): "
            "a method with none is never chosen for a job.",
            "assessments",
            'Broken "our assessment" markers',
            "Each marker must name a field the item has and give a one-line reason.",
        ),
        Check(
            "links",
            "Broken internal links",
            "Links in Markdown to methods, approaches, case examples, principles or sources "
            "that do not lead to a published item.",
        ),
        Check(
            "glossary",
            "Glossary terms used but not defined",
            "Links to missing glossary terms, glossary links from the planning questions, and "
            "terms of art the guide uses without defining them.",
        ),
    ]
    functions = {
        "considerations": missing_considerations,
        "examples": missing_examples,
        "sources": missing_sources,
        "functions": missing_functions,
        "assessments": invalid_assessments,
        "links": broken_links,
        "glossary": undefined_glossary_terms,
    }
    for check in checks:
        started = time.perf_counter()
        check.problems = _explain(check.slug, functions[check.slug]())
        check.seconds = time.perf_counter() - started
    if include_engine:
        check = Check(
            "never-recommended",
            f"Methods never in the top {TOP}",
            f"Published methods that no combination of answers ranks in the top {TOP}.",
        )
        started = time.perf_counter()
        problems, check.note = never_recommended()
        check.problems = _explain(check.slug, problems)
        check.seconds = time.perf_counter() - started
        checks.append(check)
    return checks
