"""Answer-space coverage: published methods that no combination of answers ranks near the top.

A method the engine can never recommend usually has a mistaken attribute; the content health
page lists them (see ``content_checks``).
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from content import models
from content.health.problems import Problem, problem_for
from content.snapshot import GuideSnapshot, get_snapshot

from . import engine
from .answers import Answers
from .questions import REQUIRED_SINGLE_QUESTIONS
from .recommendation import Recommendation

TOP = 10
NEVER_TOP_CACHE_KEY = "content-health:never-top-{top}:{version}"
NEVER_TOP_CACHE_SECONDS = 60 * 60 * 24 * 7


def all_answer_combinations() -> Iterable[dict[str, str]]:
    """Every combination of the single-answer questions (3^9 today); 'who' is left empty."""
    names = [q.name for q in REQUIRED_SINGLE_QUESTIONS]
    for values in itertools.product(*(q.values for q in REQUIRED_SINGLE_QUESTIONS)):
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
    recommend: Callable[[Answers, GuideSnapshot], Recommendation] | None = None,
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
        if isinstance(cached, CoverageResult):
            return cached
    # Coverage only needs the ranking: robustness re-runs would multiply the work many times.
    recommend = recommend or functools.partial(engine.recommend, robustness=False)
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
    coverage = CoverageResult(
        never=tuple(s for s in order if s in remaining),
        combinations=count,
        seconds=time.perf_counter() - started,
        version=snapshot.version,
    )
    if use_cache and combinations is None:
        cache.set(key, coverage, NEVER_TOP_CACHE_SECONDS)
    return coverage


def forget_coverage() -> None:
    """Drop the cached coverage of the current content version, so it is computed again."""
    cache.delete(NEVER_TOP_CACHE_KEY.format(top=TOP, version=get_snapshot().version))


def never_recommended(**kwargs: Any) -> tuple[list[Problem], str]:
    coverage = never_in_top(**kwargs)
    methods = {m.slug: m for m in models.Method.objects.filter(slug__in=coverage.never)}
    out = [
        problem_for(
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
