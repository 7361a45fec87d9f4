"""Writes to saved plans: create, edit and recompute, each one atomic.

A plan keeps the engine's result as JSON (so it reads the same whatever happens to the guide
later) plus one ``PlanMethod`` row per method the leader has kept, dropped or added.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.db import transaction

from content.snapshot import ConsiderationData, GuideSnapshot, get_snapshot

from .answers import Answers
from .engine import recommend
from .models import Plan, PlanMethod, PlanPhase, hash_key
from .plan_merge import Clash, three_way
from .planning import PHASE_DESCRIPTIONS, PHASE_NAMES, WHENS
from .recommendation import (
    Guidance,
    MatchedCase,
    NotRecommended,
    Phase,
    Reason,
    Recommendation,
    Robustness,
    ScoredApproach,
    ScoredMethod,
)

KEY_BYTES = 32  # 256 bits of randomness; token_urlsafe gives 43 URL-safe characters
DEFAULT_PHASE = Phase(name="The plan", when="plan", methods=(), concurrent=True)


class PlanError(ValueError):
    """Input a plan cannot take, such as a method that is not in the published guide."""


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


# --- The engine's result, to and from JSON -------------------------------------------------


def recommendation_to_data(recommendation: Recommendation) -> dict[str, Any]:
    return asdict(recommendation)


def answers_from_data(data: dict[str, Any]) -> Answers:
    names = {f.name for f in fields(Answers)}
    values: dict[str, Any] = {
        k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in names
    }
    return Answers(**values)


def _reasons(items: Sequence[dict[str, Any]]) -> tuple[Reason, ...]:
    return tuple(Reason(r["text"], r.get("question"), r.get("effect", 0)) for r in items)


def recommendation_from_data(data: dict[str, Any]) -> Recommendation:
    return Recommendation(
        answers=answers_from_data(data["answers"]),
        ready_to_spread=data["ready_to_spread"],
        readiness=data["readiness"],
        readiness_advice=data.get("readiness_advice"),
        approaches=tuple(
            ScoredApproach(a["slug"], a["name"], a["url"], a["score"], _reasons(a["reasons"]))
            for a in data["approaches"]
        ),
        methods=tuple(
            ScoredMethod(
                slug=m["slug"],
                name=m["name"],
                kind=m["kind"],
                approach=m["approach"],
                approach_name=m["approach_name"],
                url=m["url"],
                score=m["score"],
                reasons=_reasons(m["reasons"]),
                considerations=tuple(
                    ConsiderationData(
                        c["topic"], c["topic_label"], c["text"], c.get("assessed", False)
                    )
                    for c in m["considerations"]
                ),
                recommended=m.get("recommended", False),
                role=m.get("role", ""),
                function=m.get("function", ""),
                caveat=m.get("caveat", ""),
            )
            for m in data["methods"]
        ),
        plan=tuple(
            Phase(
                p["name"], p["when"], tuple(p["methods"]), p["concurrent"], p.get("description", "")
            )
            for p in data["plan"]
        ),
        case_examples=tuple(
            MatchedCase(c["slug"], c["title"], c["url"], c["similarity"], tuple(c["shared"]))
            for c in data["case_examples"]
        ),
        guidance=tuple(
            Guidance(g["slug"], g["title"], g["url"], g["why"]) for g in data.get("guidance", ())
        ),
        content_version=data.get("content_version", ""),
        # Plans saved before these existed have none: an empty list and no robustness line.
        not_recommended=tuple(
            NotRecommended(n["slug"], n["name"], n["approach"], n["url"], n["rule"], n["sentence"])
            for n in data.get("not_recommended", ())
        ),
        robustness=_robustness(data.get("robustness")),
        score_margin=data.get("score_margin", 0),
    )


def _robustness(data: dict[str, Any] | None) -> Robustness | None:
    if not data:
        return None
    return Robustness(data["holds"], data["of"], data["sentence"], tuple(data.get("changes", ())))


def plan_phases(recommendation: Recommendation) -> tuple[Phase, ...]:
    """The phases a plan's methods sit in, each with a unique ``when`` used as its key."""
    phases: list[Phase] = []
    seen: set[str] = set()
    for phase in recommendation.plan:
        when = phase.when or "phase"
        key, n = when, 1
        while key in seen:
            n += 1
            key = f"{when}-{n}"
        seen.add(key)
        phases.append(Phase(phase.name, key, phase.methods, phase.concurrent, phase.description))
    return tuple(phases) or (DEFAULT_PHASE,)


def engine_placement(recommendation: Recommendation) -> list[tuple[str, str, int]]:
    """(slug, phase key, order) for each method the engine placed, in plan order."""
    phases = plan_phases(recommendation)
    rows: list[tuple[str, str, int]] = []
    placed: set[str] = set()
    for phase in phases:
        for slug in phase.methods:
            if slug not in placed:
                placed.add(slug)
                rows.append((slug, phase.when, len([r for r in rows if r[1] == phase.when]) + 1))
    last = phases[-1].when
    for method in recommendation.recommended_methods:
        if method.slug not in placed:
            placed.add(method.slug)
            rows.append((method.slug, last, len([r for r in rows if r[1] == last]) + 1))
    return rows


# --- Writes ---------------------------------------------------------------------------------


@transaction.atomic
def create_plan_from_answers(
    *,
    answers: Answers,
    recommendation: Recommendation | None = None,
    title: str = "",
    snapshot: GuideSnapshot | None = None,
) -> tuple[Plan, str]:
    """Save a plan for these answers; returns it with its key (shown once, never stored)."""
    snapshot = snapshot or get_snapshot()
    recommendation = recommendation or recommend(answers, snapshot)
    key = new_key()
    plan = Plan.objects.create(
        key_hash=hash_key(key),
        title=title,
        answers=answers.as_dict(),
        content_version=recommendation.content_version or snapshot.version,
        recommendation=recommendation_to_data(recommendation),
    )
    names = {m.slug: m.name for m in recommendation.methods}
    recommended = {m.slug for m in recommendation.recommended_methods}
    PlanMethod.objects.bulk_create(
        PlanMethod(
            plan=plan,
            slug=slug,
            name=names.get(slug, slug),
            recommended=slug in recommended,
            included=True,
            phase=phase,
            order=order,
        )
        for slug, phase, order in engine_placement(recommendation)
    )
    return plan, key


@dataclass(frozen=True)
class MethodEdit:
    slug: str
    included: bool
    phase: str
    order: int
    note: str = ""


@dataclass(frozen=True)
class PhaseEdit:
    """What a board asks of one phase: when it runs, who owns it, what it costs, how we know."""

    when: str
    start_month: int | None = None
    end_month: int | None = None
    owner: str = ""
    cost_estimate: str = ""
    success_measure: str = ""


@dataclass(frozen=True)
class PlanEdit:
    """Everything the plan page's form can change.

    ``methods`` and ``phases`` hold only what the form showed: a method or phase it did not
    show (added in another tab, say) is left as it is.
    """

    title: str
    organisation: str
    owner: str
    note: str
    methods: tuple[MethodEdit, ...]
    add: tuple[str, ...] = ()
    decision_sought: str = ""
    key_risks: str = ""
    phases: tuple[PhaseEdit, ...] = ()


PLAN_TEXT_FIELDS = ("title", "organisation", "owner", "note", "decision_sought", "key_risks")
PHASE_FIELDS = ("start_month", "end_month", "owner", "cost_estimate", "success_measure")
METHOD_FIELDS = ("included", "phase", "order", "note")

FieldValue = str | int | bool | None


def edit_fields(edit: PlanEdit) -> dict[str, FieldValue]:
    """The edit as flat ``key: value`` pairs, the unit a three-way merge works on.

    Keys: ``title`` (and the other plan fields), ``phase:<when>:<field>``,
    ``method:<slug>:<field>``. Additions are not fields: adding never overwrites anything.
    """
    out: dict[str, FieldValue] = {name: getattr(edit, name) for name in PLAN_TEXT_FIELDS}
    for phase in edit.phases:
        out.update({f"phase:{phase.when}:{f}": getattr(phase, f) for f in PHASE_FIELDS})
    for method in edit.methods:
        out.update({f"method:{method.slug}:{f}": getattr(method, f) for f in METHOD_FIELDS})
    return out


def edit_from_fields(values: dict[str, FieldValue], add: Sequence[str] = ()) -> PlanEdit:
    """The inverse of ``edit_fields``."""
    phases: dict[str, dict[str, Any]] = {}
    methods: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        kind, _, rest = key.partition(":")
        if kind in ("phase", "method") and ":" in rest:
            name, _, attr = rest.rpartition(":")
            (phases if kind == "phase" else methods).setdefault(name, {})[attr] = value
    return PlanEdit(
        **{name: str(values.get(name) or "") for name in PLAN_TEXT_FIELDS},
        phases=tuple(PhaseEdit(when, **attrs) for when, attrs in phases.items()),
        methods=tuple(MethodEdit(slug, **attrs) for slug, attrs in methods.items()),
        add=tuple(add),
    )


@dataclass
class UpdateResult:
    plan: Plan
    saved: bool  # False when nothing changed or the form was stale
    conflict: bool = False
    current: PlanEdit | None = None  # what is saved now
    # On a conflict: the saved version with this form's own changes on top (yours where both
    # changed a field), the fields both changed differently, and those only the other changed.
    merged: PlanEdit | None = None
    clashes: tuple[Clash, ...] = ()
    theirs: tuple[str, ...] = ()
    unknown: list[str] = field(default_factory=list)


def leader_phases(recommendation: Recommendation) -> tuple[Phase, ...]:
    """The phases a leader can put a method in: the engine's, then any of now, next and later
    that it left empty (so a method can go into a phase the engine did not use)."""
    phases = list(plan_phases(recommendation))
    have = {p.when for p in phases}
    evidence = recommendation.answers.evidence
    for when in WHENS:
        if when not in have:
            phases.append(
                Phase(PHASE_NAMES[(evidence, when)], when, (), False, PHASE_DESCRIPTIONS[when])
            )
    return tuple(phases)


def plan_phase_keys(plan: Plan) -> list[str]:
    return [p.when for p in leader_phases(recommendation_from_data(plan.recommendation))]


def current_edit(plan: Plan) -> PlanEdit:
    """What is saved now, in the shape of an edit (every method and every phase)."""
    rows = sorted(plan.methods.all(), key=lambda m: m.slug)
    saved_phases = {p.when: p for p in plan.phases.all()}
    phases = []
    for when in plan_phase_keys(plan):
        row = saved_phases.get(when)
        phases.append(
            PhaseEdit(when, **{f: getattr(row, f) for f in PHASE_FIELDS})
            if row
            else PhaseEdit(when)
        )
    return PlanEdit(
        title=plan.title,
        organisation=plan.organisation,
        owner=plan.owner,
        note=plan.note,
        decision_sought=plan.decision_sought,
        key_risks=plan.key_risks,
        methods=tuple(MethodEdit(m.slug, m.included, m.phase, m.order, m.note) for m in rows),
        phases=tuple(phases),
    )


@transaction.atomic
def update_plan(
    *,
    plan_id: int,
    expected_version: int,
    edit: PlanEdit,
    base: PlanEdit | None = None,
    snapshot: GuideSnapshot | None = None,
) -> UpdateResult:
    """Apply an edit if the form was made from the version now saved.

    ``base`` is what the form showed when it was loaded. A stale form (another save came in
    between) is not applied: it is merged three ways (base, the saved version, this edit) so
    the form can come back with the other save's changes in place and only this form's own
    changes on top, and with every field both changed differently named. A stale form whose
    changes are all saved already (a double submit) is a success that changes nothing.
    """
    snapshot = snapshot or get_snapshot()
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    rows = {m.slug: m for m in plan.methods.all()}
    published = {m.slug: m for m in snapshot.methods}
    stale = plan.version != expected_version
    unknown = [s for s in edit.add if s not in published and s not in rows]
    if not stale:
        unknown += [m.slug for m in edit.methods if m.slug not in rows]
    if unknown:
        raise PlanError(f"Not a method in this plan or the guide: {', '.join(unknown[:5])}")
    phase_keys = plan_phase_keys(plan)
    bad_phases = {m.phase for m in edit.methods} - set(phase_keys)
    bad_phases |= {p.when for p in edit.phases} - set(phase_keys)
    if bad_phases and not stale:
        raise PlanError(f"Not a phase of this plan: {', '.join(sorted(bad_phases))}")

    saved = current_edit(plan)
    to_add = tuple(s for s in dict.fromkeys(edit.add) if s not in rows)
    if stale:
        merge = three_way(
            edit_fields(base) if base is not None else None,
            edit_fields(edit),
            edit_fields(saved),
        )
        if not to_add and merge.values == edit_fields(saved) and not merge.clashes:
            return UpdateResult(plan=plan, saved=False, current=saved)  # a harmless repeat
        # The form comes back with the other save's changes and yours on top; where both
        # changed a field, your text is kept in the form (and the saved one shown beside it).
        proposed = {**merge.values, **{c.key: c.yours for c in merge.clashes}}
        return UpdateResult(
            plan=plan,
            saved=False,
            conflict=True,
            current=saved,
            merged=edit_from_fields(proposed, to_add),
            clashes=merge.clashes,
            theirs=merge.theirs,
        )
    if not to_add and _applies_nothing(edit, saved):
        return UpdateResult(plan=plan, saved=False, current=saved)

    for name in PLAN_TEXT_FIELDS:
        setattr(plan, name, getattr(edit, name))
    changed = []
    for change in edit.methods:
        row = rows[change.slug]
        new = (change.included, change.phase, change.order, change.note)
        if (row.included, row.phase, row.order, row.note) != new:
            row.included, row.phase, row.order, row.note = new
            changed.append(row)
    PlanMethod.objects.bulk_update(changed, ["included", "phase", "order", "note"])
    _save_phases(plan, edit.phases)
    last = plan_phases(recommendation_from_data(plan.recommendation))[-1].when
    next_order = max([r.order for r in rows.values() if r.phase == last] + [0])
    PlanMethod.objects.bulk_create(
        PlanMethod(
            plan=plan,
            slug=slug,
            name=published[slug].name,
            recommended=False,
            included=True,
            phase=last,
            order=next_order + i,
        )
        for i, slug in enumerate(to_add, start=1)
    )
    plan.version += 1
    plan.save()
    return UpdateResult(plan=plan, saved=True)


def _applies_nothing(edit: PlanEdit, saved: PlanEdit) -> bool:
    wanted, now = edit_fields(edit), edit_fields(saved)
    return all(now.get(key) == value for key, value in wanted.items())


def _save_phases(plan: Plan, phases: Sequence[PhaseEdit]) -> None:
    existing = {p.when: p for p in plan.phases.all()}
    for phase in phases:
        values = {f: getattr(phase, f) for f in PHASE_FIELDS}
        row = existing.get(phase.when)
        if row is None:
            if any(v not in (None, "") for v in values.values()):
                PlanPhase.objects.create(plan=plan, when=phase.when, **values)
        elif any(getattr(row, f) != v for f, v in values.items()):
            PlanPhase.objects.filter(pk=row.pk).update(**values)


@dataclass
class RecomputeResult:
    plan: Plan
    recomputed: bool
    removed: list[str] = field(default_factory=list)  # names of methods no longer in the guide


@transaction.atomic
def recompute_plan(
    *,
    plan_id: int,
    recommendation: Recommendation | None = None,
    snapshot: GuideSnapshot | None = None,
) -> RecomputeResult:
    """Refresh a plan's scores from the guide as it is now, keeping the leader's choices.

    Methods still in the guide keep whether they are kept or dropped, their phase (if that phase
    still exists), order and note. A method withdrawn from the guide leaves the plan, and any
    note on it moves into the overall note so nothing written is lost.
    """
    snapshot = snapshot or get_snapshot()
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    if recommendation is None and plan.content_version == snapshot.version:
        return RecomputeResult(plan=plan, recomputed=False)
    answers = answers_from_data(plan.answers)
    recommendation = recommendation or recommend(answers, snapshot)
    published = {m.slug: m for m in snapshot.methods}
    phase_keys = [p.when for p in leader_phases(recommendation)]
    engine_rows = {slug: (phase, order) for slug, phase, order in engine_placement(recommendation)}
    recommended = {m.slug for m in recommendation.recommended_methods}

    removed: list[str] = []
    kept: list[PlanMethod] = []
    moved_notes: list[str] = []
    for row in plan.methods.all():
        if row.slug not in published:
            removed.append(row.name)
            if row.note.strip():
                moved_notes.append(f"Note on {row.name} (no longer in the guide): {row.note}")
            row.delete()
            continue
        row.name = published[row.slug].name
        row.recommended = row.slug in recommended
        if row.phase not in phase_keys:
            row.phase = engine_rows.get(row.slug, (phase_keys[-1], row.order))[0]
        kept.append(row)
    PlanMethod.objects.bulk_update(kept, ["name", "recommended", "phase"])
    present = {r.slug for r in kept}
    PlanMethod.objects.bulk_create(
        PlanMethod(
            plan=plan,
            slug=slug,
            name=published[slug].name,
            recommended=True,
            included=True,
            phase=phase,
            order=order,
        )
        for slug, (phase, order) in engine_rows.items()
        if slug not in present and slug in published
    )
    if moved_notes:
        plan.note = "\n\n".join([plan.note, *moved_notes]).strip()
    plan.recommendation = recommendation_to_data(recommendation)
    plan.content_version = recommendation.content_version or snapshot.version
    plan.version += 1
    plan.save()
    return RecomputeResult(plan=plan, recomputed=True, removed=removed)
