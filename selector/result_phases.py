"""The result page's phased plan, with each method slug resolved to its scored method."""

from __future__ import annotations

from dataclasses import dataclass

from .recommendation import Recommendation, ScoredMethod


@dataclass(frozen=True)
class PlanPhase:
    number: int
    name: str
    when: str
    concurrent: bool
    description: str
    methods: tuple[ScoredMethod, ...]


def plan_phases(recommendation: Recommendation) -> list[PlanPhase]:
    by_slug = {m.slug: m for m in recommendation.methods}
    return [
        PlanPhase(
            number=i,
            name=phase.name,
            when=phase.when,
            concurrent=phase.concurrent,
            description=phase.description,
            methods=tuple(by_slug[s] for s in phase.methods if s in by_slug),
        )
        for i, phase in enumerate(recommendation.plan, start=1)
    ]
