"""The recommendation engine: answers + the published guide -> a ranked, explained plan.

``recommend`` is a pure function of its two arguments: no request, no database. The pages, the
API and any export all call it, so they cannot disagree. The per-method tables it needs are
worked out once per guide version (``prepare``), which keeps a recommendation to well under a
millisecond for the real guide.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from content.snapshot import GuideSnapshot, MethodData, get_snapshot

from .answers import Answers
from .matching import PreparedCase, guidance, guidance_lookup, match_case, prepare_case
from .planning import choose, phases
from .recommendation import MatchedCase, Reason, Recommendation, ScoredApproach, ScoredMethod
from .scoring import STRENGTH_TOP, ApproachScorer, MethodColumns, MethodScorer, total

NOT_READY_ADVICE = (
    "Your intervention is not ready to spread yet. With limited evidence there is a real risk "
    "of spreading something that does not work, and adopters will rightly ask for proof. Prove "
    "it first: pilot it in a few real settings and evaluate it. The plan therefore starts with "
    "methods that generate that evidence; return to the spread once the results are in."
)
CAUTION_ADVICE = (
    "Early results are promising but may not repeat in other places, so keep evaluating as "
    "you spread, start with adopters who can tolerate some uncertainty, and be ready to adapt "
    "or stop if the benefits do not hold."
)

COMPLEX_LIMIT = (
    "A complex intervention needs room to adapt locally, so an approach built on central "
    "standardisation is not put first."
)
NO_FUNDING_LIMIT = (
    "With no funding, an approach that typically needs a lot of money is kept out of the top three."
)
TOP_WITHOUT_FUNDING = 3


@dataclass(frozen=True)
class Prepared:
    """Everything about a snapshot that does not depend on the answers."""

    methods: tuple[MethodScorer, ...]  # snapshot order: approach order, then method order
    columns: MethodColumns
    approaches: tuple[ApproachScorer, ...]  # approach order
    methods_of: dict[str, tuple[int, ...]]  # approach slug -> method positions
    approach_names: dict[str, str]
    method_names: dict[str, str]
    cases: tuple[PreparedCase, ...]
    guidance: dict[tuple[str, str], tuple[str, str]]


def _build(snapshot: GuideSnapshot) -> Prepared:
    approaches = tuple(
        ApproachScorer.build(a)
        for _, a in sorted(enumerate(snapshot.approaches), key=lambda p: (p[1].order, p[0]))
    )
    known = {a.approach.slug for a in approaches}
    methods = tuple(MethodScorer.build(m) for m in snapshot.methods if m.approach in known)
    methods_of: dict[str, list[int]] = {slug: [] for slug in known}
    for position, scorer in enumerate(methods):
        methods_of[scorer.method.approach].append(position)
    approach_of = {s.method.slug: s.method.approach for s in methods}
    return Prepared(
        methods=methods,
        columns=MethodColumns(methods),
        approaches=approaches,
        methods_of={slug: tuple(p) for slug, p in methods_of.items()},
        approach_names={a.approach.slug: a.approach.name for a in approaches},
        method_names={s.method.slug: s.method.name for s in methods},
        cases=tuple(prepare_case(c, approach_of) for c in snapshot.case_examples),
        guidance=guidance_lookup(snapshot),
    )


_PREPARED: OrderedDict[str, Prepared] = OrderedDict()
_PREPARED_LOCK = Lock()
_PREPARED_KEEP = 8


def prepare(snapshot: GuideSnapshot) -> Prepared:
    """The snapshot's tables, cached by content version.

    The version is a hash of the published content, so equal versions mean equal content even
    when the cache hands back a fresh copy of the snapshot on every request.
    """
    key = snapshot.version
    if not key:
        return _build(snapshot)
    with _PREPARED_LOCK:
        found = _PREPARED.get(key)
        if found is not None:
            _PREPARED.move_to_end(key)
            return found
    built = _build(snapshot)
    with _PREPARED_LOCK:
        _PREPARED[key] = built
        while len(_PREPARED) > _PREPARED_KEEP:
            _PREPARED.popitem(last=False)
    return built


def _readiness(answers: Answers) -> tuple[bool, str, str | None]:
    if answers.evidence == "limited":
        return False, "not-ready", NOT_READY_ADVICE
    if answers.evidence == "promising":
        return True, "caution", CAUTION_ADVICE
    return True, "ready", None


def _limit(scores: dict[str, int], capped: set[str], free: list[str], rank: int) -> dict[str, int]:
    """Lower each capped approach below the ``rank``-th best free one; returns points taken."""
    if not capped or len(free) < rank:
        return {}
    ceiling = max(0, sorted((scores[s] for s in free), reverse=True)[rank - 1] - 1)
    taken = {}
    for slug in capped:
        if scores[slug] > ceiling:
            taken[slug] = scores[slug] - ceiling
            scores[slug] = ceiling
    return taken


def _score_approaches(
    prep: Prepared, answers: Answers, method_scores: list[int]
) -> tuple[ScoredApproach, ...]:
    reasons: dict[str, list[Reason]] = {}
    scores: dict[str, int] = {}
    for scorer in prep.approaches:
        slug = scorer.approach.slug
        # Best first; on equal scores the earlier method, as in the method ranking.
        mine = sorted(
            ((method_scores[p], p) for p in prep.methods_of[slug]), key=lambda pair: -pair[0]
        )[:STRENGTH_TOP]
        best = tuple((score, prep.methods[p].method.name) for score, p in mine)
        reasons[slug] = scorer.reasons(answers, best)
        scores[slug] = max(0, min(100, total(reasons[slug])))

    # The edge-case rules are caps, applied until neither moves anything: each pass only lowers
    # scores and never below zero, so this ends, and when it ends both rules hold together.
    slugs = [s.approach.slug for s in prep.approaches]
    complex_capped = set()
    if answers.complexity == "complex":
        complex_capped = {
            s.approach.slug for s in prep.approaches if s.approach.standardisation == "high"
        }
    cost_capped = set()
    if answers.funding == "none":
        cost_capped = {s.approach.slug for s in prep.approaches if s.approach.cost == "high"}
    taken = {("complexity", s): 0 for s in complex_capped}
    taken.update({("funding", s): 0 for s in cost_capped})
    while True:
        moved = False
        for question, capped, rank in (
            ("complexity", complex_capped, 1),
            ("funding", cost_capped, TOP_WITHOUT_FUNDING),
        ):
            free = [s for s in slugs if s not in capped]
            for slug, points in _limit(scores, capped, free, rank).items():
                taken[(question, slug)] += points
                moved = True
        if not moved:
            break
    for (question, slug), points in taken.items():
        if points:
            text = COMPLEX_LIMIT if question == "complexity" else NO_FUNDING_LIMIT
            reasons[slug].append(Reason(text, question, -points))

    position = {slug: i for i, slug in enumerate(slugs)}
    # On equal scores a capped approach goes after a free one, then approach order decides.
    ordered = sorted(
        slugs,
        key=lambda s: (-scores[s], s in cost_capped, s in complex_capped, position[s]),
    )
    return tuple(
        ScoredApproach(
            slug=s,
            name=prep.approach_names[s],
            url=prep.approaches[position[s]].approach.url,
            score=scores[s],
            reasons=tuple(reasons[s]),
        )
        for s in ordered
    )


def recommend(answers: Answers, snapshot: GuideSnapshot) -> Recommendation:
    """Score, combine and phase the guide's methods for these answers."""
    prep = prepare(snapshot)
    method_reasons, method_scores = prep.columns.score(answers)
    order = sorted(range(len(prep.methods)), key=lambda p: (-method_scores[p], p))
    ranked: list[tuple[MethodData, int]] = [
        (prep.methods[p].method, method_scores[p]) for p in order
    ]

    picks = choose(ranked, answers)
    plan = phases(picks, answers)
    roles = {pick.method.slug: pick.role for pick in picks}
    methods = tuple(
        ScoredMethod(
            slug=(m := prep.methods[p].method).slug,
            name=m.name,
            kind=m.kind,
            approach=m.approach,
            approach_name=prep.approach_names[m.approach],
            url=m.url,
            score=method_scores[p],
            reasons=method_reasons[p],
            considerations=m.considerations,
            recommended=m.slug in roles,
            role=roles.get(m.slug, ""),
        )
        for p in order
    )

    chosen_methods = frozenset(roles)
    chosen_approaches = frozenset(pick.method.approach for pick in picks)
    cases = [
        match_case(
            c, answers, chosen_methods, chosen_approaches, prep.method_names, prep.approach_names
        )
        for c in prep.cases
    ]
    case_position = {c.slug: i for i, c in enumerate(cases)}
    ranked_cases: tuple[MatchedCase, ...] = tuple(
        sorted(cases, key=lambda c: (-c.similarity, case_position[c.slug]))
    )

    ready, readiness, advice = _readiness(answers)
    return Recommendation(
        answers=answers,
        ready_to_spread=ready,
        readiness=readiness,
        readiness_advice=advice,
        approaches=_score_approaches(prep, answers, method_scores),
        methods=methods,
        plan=plan,
        case_examples=ranked_cases,
        guidance=guidance(answers, prep.guidance),
        content_version=snapshot.version,
    )


def recommend_for(answers: Answers) -> Recommendation:
    """``recommend`` over the current published guide (one query when the cache is warm)."""
    return recommend(answers, get_snapshot())
