"""Where a method ranks, and why, in each typical scenario: the engine preview in its admin.

Scores the method's current values, saved or not, as if they were published, so an editor sees
the effect of a change before publishing it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from content import models
from content.snapshot import GuideSnapshot, MethodData, approach_data, get_snapshot, method_data

from .answers import Answers
from .engine import recommend
from .scenarios import SCENARIOS, Scenario


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
        snapshot = snapshot_with(method, previous_slug=previous_slug)
        ranks = []
        for scenario in scenarios:
            result = recommend(Answers(audience=(), **scenario.answers), snapshot)
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
    except Exception as exc:
        return EnginePreview(note=f"The engine could not score this method ({exc}).")
    note = "" if method.is_published else "Shown as if this draft were published."
    return EnginePreview(ranks=tuple(ranks), note=note)


def preview_context(method: models.Method, *, previous_slug: str | None = None) -> dict:
    """The method admin's preview context (registered with ``content.admin_previews``)."""
    return {
        "engine_preview": engine_preview(method, previous_slug=previous_slug),
        "scenarios": SCENARIOS,
    }
