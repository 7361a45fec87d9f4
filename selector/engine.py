"""The recommendation engine: answers + the published guide -> a ranked, explained plan.

``recommend`` is a pure function of its two arguments: no request, no database. The pages, the
API and any export all call it, so they cannot disagree. The per-method tables it needs are
worked out once per guide version (``prepare``), which keeps a recommendation to well under a
millisecond for the real guide.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Container
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from threading import Lock

from content.snapshot import GuideSnapshot, MethodData, get_snapshot

from .answers import Answers
from .feasibility import FeasibilityTables, caveat
from .matching import PreparedCase, guidance, guidance_lookup, match_case, prepare_case
from .planning import MANDATE, PROVE, Pick, choose, phases, role
from .recommendation import (
    MatchedCase,
    NotRecommended,
    Reason,
    Recommendation,
    ScoredApproach,
    ScoredMethod,
)
from .robustness import Outcome, assess
from .scoring import (
    BASE,
    SCORE_MARGIN,
    STRENGTH_FACTOR,
    STRENGTH_TOP,
    ApproachScorer,
    MethodColumns,
    MethodScorer,
    approach_points,
    total,
)

NOT_READY_ADVICE = (
    "Your intervention is not ready to spread yet. With limited evidence there is a real risk "
    "of spreading something that does not work, and adopters will rightly ask for proof. Prove "
    "it first: pilot it in a few real settings and evaluate it. The plan therefore starts with "
    "methods that generate that evidence, ranks piloting first and holds no scale-up lever; "
    "return to the spread once the results are in."
)
CAUTION_ADVICE = (
    "Early results are promising but may not repeat in other places, so the plan rolls it out "
    "in stages with an evaluation at each one, starts with adopters who can tolerate some "
    "uncertainty, and leaves levers that lock it in until the evidence is in. Be ready to adapt "
    "or stop if the benefits do not hold."
)
PROVE_FIRST_LIMIT = (
    "With limited evidence, proving it comes first, so an approach that does not lead the test "
    "is placed below the one that does."
)
RULED_OUT_WEIGHT = 24

COMPLEX_LIMIT = (
    "A complex intervention needs room to adapt locally, so an approach built on central "
    "standardisation is not put first."
)
NO_FUNDING_LIMIT = (
    "With no funding, an approach that typically needs a lot of money is kept out of the top three."
)
TOP_WITHOUT_FUNDING = 3

# An edge-case cap: (question, the approaches it caps, the rank of the best free approach they
# are kept below, the reason given).
Cap = tuple[str, AbstractSet[str], int, str]
# The sort key of an approach after the caps: (-score, capped by each cap in turn, position).
RankKey = tuple[int, bool, bool, bool, int]


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
    feasibility: FeasibilityTables
    approach_slugs: tuple[str, ...]  # approach order
    approach_position: dict[str, int]
    standardised: frozenset[str]  # approaches built on central standardisation
    costly: frozenset[str]  # approaches that typically need a lot of money
    method_data: tuple[MethodData, ...]
    # approach slug -> (overall complexity, motivation, funding) -> its own tables' points
    approach_points: dict[str, dict[tuple[str, str, str], int]]
    position_sets: dict[str, frozenset[int]]  # approach slug -> its methods' positions
    approach_info: tuple[tuple[str, frozenset[int], int], ...]  # (slug, positions, count)
    # For the top-approach re-runs robustness makes, by approach position rather than slug:
    approach_of_position: tuple[int, ...]  # method position -> its approach's position
    # (overall complexity, motivation, funding) -> each approach's own tables' points
    points_by_key: dict[tuple[str, str, str], tuple[int, ...]]
    # approach position -> points taken for k of its methods ruled out, k = 0..count
    ruled_out_penalty: tuple[tuple[int, ...], ...]
    version: str  # the snapshot's content version ("" for an unversioned snapshot)


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
    points = {a.approach.slug: approach_points(a) for a in approaches}
    position_of = {a.approach.slug: i for i, a in enumerate(approaches)}
    return Prepared(
        methods=methods,
        columns=MethodColumns(methods),
        approaches=approaches,
        methods_of={slug: tuple(p) for slug, p in methods_of.items()},
        approach_names={a.approach.slug: a.approach.name for a in approaches},
        method_names={s.method.slug: s.method.name for s in methods},
        cases=tuple(prepare_case(c, approach_of) for c in snapshot.case_examples),
        guidance=guidance_lookup(snapshot),
        feasibility=FeasibilityTables(tuple(s.method for s in methods)),
        approach_slugs=tuple(a.approach.slug for a in approaches),
        approach_position={a.approach.slug: i for i, a in enumerate(approaches)},
        standardised=frozenset(
            a.approach.slug for a in approaches if a.approach.standardisation == "high"
        ),
        costly=frozenset(a.approach.slug for a in approaches if a.approach.cost == "high"),
        method_data=tuple(s.method for s in methods),
        approach_points=points,
        position_sets={slug: frozenset(p) for slug, p in methods_of.items()},
        version=snapshot.version,
        approach_info=tuple(
            (
                a.approach.slug,
                frozenset(methods_of[a.approach.slug]),
                len(methods_of[a.approach.slug]),
            )
            for a in approaches
        ),
        approach_of_position=tuple(position_of[s.method.approach] for s in methods),
        points_by_key={
            key: tuple(points[a.approach.slug][key] for a in approaches)
            for key in (next(iter(points.values())) if points else {})
        },
        ruled_out_penalty=tuple(
            tuple(
                -round(RULED_OUT_WEIGHT * k / len(methods_of[a.approach.slug]))
                for k in range(len(methods_of[a.approach.slug]) + 1)
            )
            if methods_of[a.approach.slug]
            else (0,)
            for a in approaches
        ),
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


def _limit(
    scores: dict[str, int], capped: AbstractSet[str], free: list[str], rank: int
) -> dict[str, int]:
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


def _apply_caps(
    prep: Prepared, answers: Answers, scores: dict[str, int], lead_approach: str | None
) -> tuple[dict[tuple[str, str], int], tuple[Cap, ...], Callable[[str], RankKey]]:
    """Lower scores by the edge-case caps; returns the points taken, the caps and a sort key.

    The caps are applied until none moves anything: each pass only lowers scores and never
    below zero, so this ends, and when it ends all the caps hold together."""
    slugs = prep.approach_slugs
    complex_capped: AbstractSet[str] = frozenset()
    if answers.overall_complexity == "complex":
        complex_capped = prep.standardised - {lead_approach}
    cost_capped: AbstractSet[str] = frozenset()
    if answers.funding == "none":
        cost_capped = prep.costly - {lead_approach}
    prove_capped: AbstractSet[str] = frozenset()
    if lead_approach is not None:
        prove_capped = {s for s in slugs if s != lead_approach}
    caps: tuple[Cap, ...] = (
        ("complexity", complex_capped, 1, COMPLEX_LIMIT),
        ("funding", cost_capped, TOP_WITHOUT_FUNDING, NO_FUNDING_LIMIT),
        ("evidence", prove_capped, 1, PROVE_FIRST_LIMIT),
    )
    taken = {(question, s): 0 for question, capped, _, _ in caps for s in capped}
    while taken:
        moved = False
        for question, capped, below, _ in caps:
            if not capped:
                continue
            free = [s for s in slugs if s not in capped]
            for slug, points in _limit(scores, capped, free, below).items():
                taken[(question, slug)] += points
                moved = True
        if not moved:
            break
    position = prep.approach_position

    def rank(s: str) -> RankKey:
        # On equal scores a capped approach goes after a free one, then approach order decides.
        return (-scores[s], s in prove_capped, s in cost_capped, s in complex_capped, position[s])

    return taken, caps, rank


def _score_approaches(
    prep: Prepared,
    answers: Answers,
    candidates: list[tuple[int, MethodData, int]],
    excluded: AbstractSet[int],
    lead_approach: str | None,
    *,
    explain: bool = True,
) -> tuple[ScoredApproach, ...] | str:
    """The approaches, best first, with their reasons; or (``explain=False``, for robustness)
    only the top approach's slug, computed from the same numbers without writing sentences."""
    reasons: dict[str, list[Reason]] = {}
    scores: dict[str, int] = {}
    # Each approach's best usable methods, best first (on equal scores the earlier method, as
    # in the method ranking): a ruled-out method lends an approach nothing.
    best_of: dict[str, list[tuple[int, int]]] = {slug: [] for slug in prep.approach_slugs}
    for p, m, score in candidates:
        mine = best_of[m.approach]
        if len(mine) < STRENGTH_TOP:
            mine.append((score, p))
    key = (answers.overall_complexity, answers.motivation, answers.funding)
    for scorer in prep.approaches:
        slug = scorer.approach.slug
        positions = prep.methods_of[slug]
        mine = best_of[slug]
        ruled_out = len(prep.position_sets[slug] & excluded)
        penalty = -round(RULED_OUT_WEIGHT * ruled_out / len(positions)) if positions else 0
        if explain:
            best = tuple((score, prep.methods[p].method.name) for score, p in mine)
            found = scorer.reasons(answers, best)
            if positions and not mine:
                found[0] = Reason("None of its methods can be used with your answers.", None, 0)
            if ruled_out:
                found.append(
                    Reason(
                        f"Of its {len(positions)} methods, {ruled_out} "
                        f"{'is' if ruled_out == 1 else 'are'} ruled out for your answers.",
                        None,
                        penalty,
                    )
                )
            reasons[slug] = found
            scores[slug] = max(0, min(100, total(found)))
        else:
            points = prep.approach_points[slug][key] + penalty
            if mine:
                strength = sum(score for score, _ in mine) / len(mine)
                points += round(STRENGTH_FACTOR * (strength - BASE))
            scores[slug] = max(0, min(100, BASE + points))

    taken, caps, rank = _apply_caps(prep, answers, scores, lead_approach)
    slugs = prep.approach_slugs
    if not explain:
        return min(slugs, key=rank) if slugs else ""
    ordered = sorted(slugs, key=rank)
    texts = {question: text for question, _, _, text in caps}
    for (question, slug), points in taken.items():
        if points:
            reasons[slug].append(Reason(texts[question], question, -points))
    return tuple(
        ScoredApproach(
            slug=s,
            name=prep.approach_names[s],
            url=prep.approaches[prep.approach_position[s]].approach.url,
            score=scores[s],
            reasons=tuple(reasons[s]),
        )
        for s in ordered
    )


def _compose(
    prep: Prepared, answers: Answers, scores: list[int], excluded: Container[int]
) -> tuple[list[tuple[int, MethodData, int]], list[Pick], str | None]:
    """The feasible methods best first, the combination, and the approach leading the test.

    The first test may be spared a resource rule so that proving is always possible; if
    another method leads the test instead, it is simply not used (and lends its approach
    nothing), which keeps "considered and not recommended" monotone in the resources."""
    # Best first; a stable sort keeps snapshot order between equal scores.
    order = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
    methods = prep.method_data
    spared = (
        None
        if prep.feasibility.first_test in excluded
        else prep.feasibility.resource_failure(answers)
    )
    candidates = [(p, methods[p], scores[p]) for p in order if p not in excluded]
    picks = choose(candidates, answers, spared[0] if spared else None)
    if spared is not None and not any(p.position == spared[0] for p in picks):
        candidates = [c for c in candidates if c[0] != spared[0]]
    lead = None
    if answers.evidence == "limited":
        lead = next((p.method.approach for p in picks if p.function == PROVE), None)
    return candidates, picks, lead


def _top_approach(
    prep: Prepared,
    answers: Answers,
    candidates: list[tuple[int, MethodData, int]],
    excluded: AbstractSet[int],
    lead: str | None,
) -> str:
    """The slug ``_score_approaches`` ranks first, from the same numbers, without sentences.

    Robustness calls this once per neighbouring answer set, so it works on lists indexed by
    approach position, with the per-approach tables worked out in ``prepare``."""
    if lead is not None:
        # The prove-first cap keeps every other approach below the one leading the test, and no
        # cap ever lowers that one, so it is first whatever the scores.
        return lead
    slugs = prep.approach_slugs
    if not slugs:
        return ""
    count = len(slugs)
    totals = [0] * count
    counts = [0] * count
    approach_of = prep.approach_of_position
    for position, _, score in candidates:
        i = approach_of[position]
        if counts[i] < STRENGTH_TOP:
            counts[i] += 1
            totals[i] += score
    own = prep.points_by_key[(answers.overall_complexity, answers.motivation, answers.funding)]
    penalty = prep.ruled_out_penalty
    scores = []
    for i, (_, positions, _) in enumerate(prep.approach_info):
        points = own[i] + penalty[i][len(positions & excluded) if excluded else 0]
        counted = counts[i]
        if counted:
            points += round(STRENGTH_FACTOR * (totals[i] / counted - BASE))
        score = BASE + points
        scores.append(0 if score < 0 else 100 if score > 100 else score)
    if answers.funding != "none" and answers.overall_complexity != "complex":
        # No cap applies: the best score wins, the earlier approach on a tie.
        return slugs[scores.index(max(scores))]
    by_slug = dict(zip(slugs, scores, strict=True))
    rank = _apply_caps(prep, answers, by_slug, lead)[2]
    return min(slugs, key=rank)


# Robustness asks for the outcomes of neighbouring answer sets, and neighbours recur (the same
# answers one step apart, a leader trying what-ifs), so outcomes are kept in a bounded LRU.
_OUTCOMES: OrderedDict[tuple[str, Answers], Outcome] = OrderedDict()
_OUTCOMES_KEEP = 10_000  # a few megabytes


def outcome_for(prep: Prepared, answers: Answers, scores: list[int] | None = None) -> Outcome:
    """Only what robustness compares: the top approach and the combination. ``scores``, when
    given, are the method scores for ``answers`` (robustness derives them from its base)."""
    if not prep.version:
        return _outcome(prep, answers, scores)
    key = (prep.version, answers)
    with _PREPARED_LOCK:
        found = _OUTCOMES.get(key)
        if found is not None:
            _OUTCOMES.move_to_end(key)
            return found
    found = _outcome(prep, answers, scores)
    with _PREPARED_LOCK:
        _OUTCOMES[key] = found
        while len(_OUTCOMES) > _OUTCOMES_KEEP:
            _OUTCOMES.popitem(last=False)
    return found


def forget_outcomes() -> None:
    """Empty the outcome memo (benchmarks use it to time the work, not the memo)."""
    with _PREPARED_LOCK:
        _OUTCOMES.clear()


def _outcome(prep: Prepared, answers: Answers, scores: list[int] | None = None) -> Outcome:
    if scores is None:
        scores = prep.columns.scores(answers)
    excluded = prep.feasibility.ruled_out(answers)
    candidates, picks, lead = _compose(prep, answers, scores, excluded)
    top = _top_approach(prep, answers, candidates, excluded, lead)
    return top, frozenset(p.method.slug for p in picks)


def recommend(
    answers: Answers, snapshot: GuideSnapshot, *, robustness: bool = True
) -> Recommendation:
    """Rule out, score, combine and phase the guide's methods for these answers."""
    prep = prepare(snapshot)
    method_reasons, method_scores = prep.columns.score(answers)
    excluded = prep.feasibility.excluded(answers)
    candidates, picks, lead = _compose(prep, answers, method_scores, excluded)
    plan = phases(picks, answers)
    mandate = next((p.method.name for p in picks if p.function == MANDATE), "")
    chosen = {p.position: p for p in picks}
    # Feasible methods first, best first; ruled-out ones after them, so the list reads as the
    # engine's view: what could be used, then what could not.
    order = sorted(range(len(prep.methods)), key=lambda p: (p in excluded, -method_scores[p], p))

    def scored(p: int) -> ScoredMethod:
        m = prep.methods[p].method
        pick = chosen.get(p)
        return ScoredMethod(
            slug=m.slug,
            name=m.name,
            kind=m.kind,
            approach=m.approach,
            approach_name=prep.approach_names[m.approach],
            url=m.url,
            score=method_scores[p],
            reasons=method_reasons[p],
            considerations=m.considerations,
            recommended=pick is not None,
            role=role(pick, answers, mandate) if pick else "",
            function=pick.function if pick else "",
            caveat=(prep.feasibility.spared_caveat(p, answers) or caveat(m, answers))
            if pick
            else "",
        )

    methods = tuple(scored(p) for p in order)
    not_recommended = tuple(
        NotRecommended(
            slug=(m := prep.methods[p].method).slug,
            name=m.name,
            approach=m.approach,
            url=m.url,
            rule=excluded[p][0],
            sentence=excluded[p][1],
        )
        for p in order
        if p in excluded
    )

    chosen_methods = frozenset(p.method.slug for p in picks)
    chosen_approaches = frozenset(p.method.approach for p in picks)
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
    approaches = _score_approaches(prep, answers, candidates, excluded.keys(), lead)
    assert isinstance(approaches, tuple)
    base: Outcome = (approaches[0].slug if approaches else "", chosen_methods)

    ready, readiness, advice = _readiness(answers)
    return Recommendation(
        answers=answers,
        ready_to_spread=ready,
        readiness=readiness,
        readiness_advice=advice,
        approaches=approaches,
        methods=methods,
        plan=plan,
        case_examples=ranked_cases,
        guidance=guidance(answers, prep.guidance),
        content_version=snapshot.version,
        not_recommended=not_recommended,
        robustness=assess(
            answers,
            lambda a: outcome_for(prep, a, prep.columns.rescore(method_scores, answers, a)),
            base,
        )
        if robustness
        else None,
        score_margin=SCORE_MARGIN,
    )


def recommend_for(answers: Answers) -> Recommendation:
    """``recommend`` over the current published guide (one query when the cache is warm)."""
    return recommend(answers, get_snapshot())
