"""One plain summary of a plan, read by the page and by every export format.

Built either from a fresh ``Recommendation`` (a result not yet saved) or from a saved ``Plan``
(with the leader's title, choices, order and notes). Everything in it is plain text: guide
Markdown is flattened, user text is kept as typed (each format escapes it its own way).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify

from content.markdown import markdown_to_text
from content.snapshot import GuideSnapshot, get_snapshot

from .answers import Answers
from .models import Plan
from .plans import plan_phases, recommendation_from_data
from .recommendation import Phase, Recommendation, ScoredMethod
from .team_section import team_line

DEFAULT_TITLE = "Spread plan"
SCHEMA = "spread-guide/plan-summary@1"
CREDITS = (
    "Spread Guide summarises NHS England's public material on spread and scale in its own "
    "words. Scores and reasons come from Spread Guide's recommendation engine; check them "
    "against local knowledge. The sources below are where the guide's content comes from."
)
READINESS_LABELS = {
    "ready": "Ready to spread",
    "caution": "Ready to spread, with care",
    "not-ready": "Not ready to spread yet",
}


@dataclass(frozen=True)
class AnswerLine:
    question: str
    label: str
    answer: str


@dataclass(frozen=True)
class ApproachLine:
    rank: int
    slug: str
    name: str
    url: str
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ConsiderationLine:
    topic: str
    text: str


@dataclass(frozen=True)
class MethodLine:
    position: int  # 1-based, in plan order
    slug: str
    name: str
    kind: str
    approach: str
    url: str
    score: int | None  # None if it was added after the scores were computed
    origin: str  # "recommended" or "added"
    role: str
    phase: str  # the phase's name
    reasons: tuple[str, ...]
    considerations: tuple[ConsiderationLine, ...]
    note: str


@dataclass(frozen=True)
class PhaseLine:
    number: int
    name: str
    description: str
    concurrent: bool
    methods: tuple[str, ...]  # method names, in order


@dataclass(frozen=True)
class CaseLine:
    title: str
    url: str
    similarity: int
    shared: tuple[str, ...]


@dataclass(frozen=True)
class GuidanceLine:
    title: str
    url: str
    why: str


@dataclass(frozen=True)
class SourceLine:
    title: str
    publisher: str
    year: int | None
    url: str


@dataclass(frozen=True)
class PlanSummary:
    title: str
    organisation: str
    owner: str
    date: datetime.date
    answers: tuple[AnswerLine, ...]
    readiness: str
    readiness_label: str
    readiness_advice: str
    approaches: tuple[ApproachLine, ...]
    methods: tuple[MethodLine, ...]
    phases: tuple[PhaseLine, ...]
    case_examples: tuple[CaseLine, ...]
    guidance: tuple[GuidanceLine, ...]
    sources: tuple[SourceLine, ...]
    credits: str
    note: str
    permalink: str
    content_version: str
    saved: bool
    team: dict[str, Any] | None = None  # from Plan.team_summary: the board paper's team section

    @property
    def filename_stem(self) -> str:
        """Safe ASCII file name (no extension) from the title, e.g. ``spread-plan-my-title``."""
        slug = slugify(self.title)[:80].strip("-")
        if not slug or slug == "spread-plan":
            return "spread-plan"
        return slug if slug.startswith("spread-plan-") else f"spread-plan-{slug}"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        return {"schema": SCHEMA, **data}


def _absolute(base_url: str, url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return base_url.rstrip("/") + url


def result_path() -> str:
    try:
        return reverse("selector:result")
    except NoReverseMatch:
        return "/plan/result"


def permalink_for(answers: Answers, base_url: str) -> str:
    return _absolute(base_url, f"{result_path()}?{answers.to_query()}")


def _considerations(method: ScoredMethod) -> tuple[ConsiderationLine, ...]:
    return tuple(
        ConsiderationLine(c.topic_label, markdown_to_text(c.text)) for c in method.considerations
    )


def _common(
    recommendation: Recommendation, snapshot: GuideSnapshot, base_url: str
) -> dict[str, Any]:
    answers = recommendation.answers
    guidance = tuple(
        GuidanceLine(g.title, _absolute(base_url, g.url), markdown_to_text(g.why))
        for g in recommendation.guidance
    ) or tuple(
        GuidanceLine(p.name, _absolute(base_url, p.url), markdown_to_text(p.summary))
        for p in snapshot.principles
    )
    return {
        "answers": tuple(AnswerLine(*line) for line in answers.in_words()),
        "readiness": recommendation.readiness,
        "readiness_label": READINESS_LABELS.get(recommendation.readiness, recommendation.readiness),
        "readiness_advice": markdown_to_text(recommendation.readiness_advice or ""),
        "approaches": tuple(
            ApproachLine(
                rank,
                a.slug,
                a.name,
                _absolute(base_url, a.url),
                a.score,
                tuple(r.text for r in a.reasons),
            )
            for rank, a in enumerate(recommendation.approaches, start=1)
        ),
        "case_examples": tuple(
            CaseLine(c.title, _absolute(base_url, c.url), c.similarity, tuple(c.shared))
            for c in recommendation.case_examples
        ),
        "guidance": guidance,
        "sources": tuple(SourceLine(s.title, s.publisher, s.year, s.url) for s in snapshot.sources),
        "credits": CREDITS,
        "permalink": permalink_for(answers, base_url),
    }


def _method_line(
    position: int,
    scored: ScoredMethod | None,
    snapshot: GuideSnapshot,
    *,
    slug: str,
    name: str,
    phase: str,
    origin: str,
    note: str,
    base_url: str,
) -> MethodLine:
    if scored is not None:
        return MethodLine(
            position=position,
            slug=slug,
            name=scored.name,
            kind=scored.kind,
            approach=scored.approach_name,
            url=_absolute(base_url, scored.url),
            score=scored.score,
            origin=origin,
            role=scored.role,
            phase=phase,
            reasons=tuple(r.text for r in scored.reasons),
            considerations=_considerations(scored),
            note=note,
        )
    # Added from the guide after the scores were computed: no score, but its considerations.
    data = snapshot.method(slug)
    approach = snapshot.approach(data.approach) if data else None
    return MethodLine(
        position=position,
        slug=slug,
        name=data.name if data else name,
        kind=data.kind if data else "",
        approach=approach.name if approach else "",
        url=_absolute(base_url, data.url) if data else "",
        score=None,
        origin=origin,
        role="",
        phase=phase,
        reasons=(),
        considerations=tuple(
            ConsiderationLine(c.topic_label, markdown_to_text(c.text))
            for c in (data.considerations if data else ())
        ),
        note=note,
    )


def summary_from_recommendation(
    recommendation: Recommendation,
    *,
    base_url: str = "",
    title: str = "",
    snapshot: GuideSnapshot | None = None,
    date: datetime.date | None = None,
) -> PlanSummary:
    """The summary of an unsaved result: the engine's combination, in its phases."""
    snapshot = snapshot or get_snapshot()
    scored = {m.slug: m for m in recommendation.methods}
    phases = plan_phases(recommendation)
    placed: list[tuple[str, Phase]] = []
    for phase in phases:
        placed.extend((s, phase) for s in phase.methods if s in scored)
    seen = {s for s, _ in placed}
    placed.extend(
        (m.slug, phases[-1]) for m in recommendation.recommended_methods if m.slug not in seen
    )
    methods = tuple(
        _method_line(
            i,
            scored[slug],
            snapshot,
            slug=slug,
            name=scored[slug].name,
            phase=phase.name,
            origin="recommended",
            note="",
            base_url=base_url,
        )
        for i, (slug, phase) in enumerate(placed, start=1)
    )
    return PlanSummary(
        title=title or DEFAULT_TITLE,
        organisation="",
        owner="",
        date=date or timezone.localdate(),
        methods=methods,
        phases=_phase_lines(phases, methods, [p.when for _, p in placed]),
        note="",
        content_version=recommendation.content_version or snapshot.version,
        saved=False,
        **_common(recommendation, snapshot, base_url),
    )


def _phase_lines(
    phases: tuple[Phase, ...], methods: tuple[MethodLine, ...], keys: list[str]
) -> tuple[PhaseLine, ...]:
    """Each phase with the names of its methods; ``keys`` gives each method's phase key."""
    return tuple(
        PhaseLine(
            number,
            phase.name,
            markdown_to_text(phase.description),
            phase.concurrent,
            tuple(m.name for m, key in zip(methods, keys, strict=True) if key == phase.when),
        )
        for number, phase in enumerate(phases, start=1)
    )


def summary_from_plan(
    plan: Plan, *, base_url: str = "", snapshot: GuideSnapshot | None = None
) -> PlanSummary:
    """The summary of a saved plan: kept and added methods in the leader's order, with notes."""
    snapshot = snapshot or get_snapshot()
    recommendation = recommendation_from_data(plan.recommendation)
    scored = {m.slug: m for m in recommendation.methods}
    phases = plan_phases(recommendation)
    index = {p.when: i for i, p in enumerate(phases)}
    names = {p.when: p.name for p in phases}
    rows = sorted(
        (m for m in plan.methods.all() if m.included),
        key=lambda m: (index.get(m.phase, len(phases)), m.order, m.pk or 0),
    )
    keys = [row.phase if row.phase in index else phases[-1].when for row in rows]
    methods = tuple(
        _method_line(
            i,
            scored.get(row.slug),
            snapshot,
            slug=row.slug,
            name=row.name,
            phase=names.get(row.phase, phases[-1].name),
            origin="recommended" if row.recommended else "added",
            note=row.note,
            base_url=base_url,
        )
        for i, row in enumerate(rows, start=1)
    )
    return PlanSummary(
        title=plan.title or DEFAULT_TITLE,
        organisation=plan.organisation,
        owner=plan.owner,
        date=timezone.localdate(plan.updated_at) if plan.updated_at else timezone.localdate(),
        methods=methods,
        phases=_phase_lines(phases, methods, keys),
        note=plan.note,
        content_version=plan.content_version,
        saved=True,
        team=team_line(plan.team_summary),
        **_common(recommendation, snapshot, base_url),
    )
