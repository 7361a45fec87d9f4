"""Recommended versus your plan: what a leader changed from the engine's recommendation."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Plan
from .plans import engine_placement, leader_phases, recommendation_from_data


@dataclass(frozen=True)
class Move:
    name: str
    recommended_phase: str
    your_phase: str


@dataclass(frozen=True)
class Reorder:
    phase: str
    recommended: tuple[str, ...]  # method names in the engine's order
    yours: tuple[str, ...]  # the same methods in the leader's order


@dataclass(frozen=True)
class PlanChanges:
    dropped: tuple[str, ...]  # recommended methods the leader left out
    added: tuple[str, ...]  # methods the leader added that the engine did not pick
    moved: tuple[Move, ...]
    reordered: tuple[Reorder, ...]

    @property
    def unchanged(self) -> bool:
        return not (self.dropped or self.added or self.moved or self.reordered)


def plan_changes(plan: Plan) -> PlanChanges:
    """Compare the plan's kept methods with where the engine put them, phase by phase."""
    recommendation = recommendation_from_data(plan.recommendation)
    phases = leader_phases(recommendation)
    phase_names = {p.when: p.name for p in phases}
    index = {p.when: i for i, p in enumerate(phases)}
    engine = {slug: (phase, order) for slug, phase, order in engine_placement(recommendation)}
    rows = sorted(
        plan.methods.all(), key=lambda r: (index.get(r.phase, len(index)), r.order, r.pk or 0)
    )
    kept = [r for r in rows if r.included]
    dropped = tuple(r.name for r in rows if not r.included and r.slug in engine)
    added = tuple(r.name for r in kept if r.slug not in engine)
    moved = tuple(
        Move(r.name, phase_names.get(engine[r.slug][0], ""), phase_names.get(r.phase, r.phase))
        for r in kept
        if r.slug in engine and engine[r.slug][0] != r.phase
    )
    reordered = []
    for phase in phases:
        # Only methods the engine also put in this phase: moves and additions are told above.
        same = [
            r for r in kept if r.phase == phase.when and engine.get(r.slug, ("",))[0] == r.phase
        ]
        recommended = sorted(same, key=lambda r: engine[r.slug][1])
        if [r.slug for r in recommended] != [r.slug for r in same]:
            reordered.append(
                Reorder(phase.name, tuple(r.name for r in recommended), tuple(r.name for r in same))
            )
    return PlanChanges(dropped, added, moved, tuple(reordered))
