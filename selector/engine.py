"""The recommendation engine: answers + the published guide -> a ranked, explained plan.

``recommend`` is a pure function of its two arguments: no request, no database. The pages, the
API and any export all call it, so they cannot disagree. The per-method tables it needs are
worked out once per guide version (``prepare``), which keeps a recommendation to well under a
millisecond for the real guide.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from threading import Lock
from typing import Any

from content.snapshot import GuideSnapshot, MethodData, get_snapshot

from .answers import Answers
from .caveats import caveat
from .feasibility import FeasibilityTables
from .matching import PreparedCase, guidance, guidance_lookup, match_case, prepare_case
from .planning import MANDATE, PROVE, Pick, choose, phases, role
from .recommendation import (
    MatchedCase,
    NotRecommended,
    Reason,
    Recommendation,
    ScoredApproach,
    ScoredMethod,
    assemble,
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
PENALTIES_KEEP = 20_000  # ruled-out sets remembered per guide version (about 2 MB)
# Method scores by position: a list for all methods, or a mapping for the feasible ones only.
Scores = Sequence[int] | Mapping[int, int]
# A method's ScoredMethod fields when it is not in the plan.
NOT_PICKED = {"recommended": False, "role": "", "function": "", "caveat": ""}

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
    version: str  # the snapshot's content version ("" for an unversioned snapshot)
    approach_index: tuple[int, ...]  # method position -> its approach's position
    # (complex?, no funding?) -> the approaches no edge-case cap lowers, in approach order;
    # None when the caps reach every approach (then only the caps can say which comes first).
    uncapped: dict[tuple[bool, bool], tuple[int, ...] | None]
    # method position -> the fields of its ScoredMethod and NotRecommended that the answers
    # do not change
    method_fields: tuple[dict[str, Any], ...]
    ruled_out_fields: tuple[dict[str, Any], ...]
    everything: frozenset[int]  # every method position
    # ruled-out positions -> each approach's penalty for them (filled as answers come)
    penalties: dict[frozenset[int], tuple[int, ...]]


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
    position_of = {a.approach.slug: i for i, a in enumerate(approaches)}
    names = {a.approach.slug: a.approach.name for a in approaches}
    standardised = frozenset(
        a.approach.slug for a in approaches if a.approach.standardisation == "high"
    )
    costly = frozenset(a.approach.slug for a in approaches if a.approach.cost == "high")
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
        standardised=standardised,
        costly=costly,
        method_data=tuple(s.method for s in methods),
        approach_points={a.approach.slug: approach_points(a) for a in approaches},
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
        approach_index=tuple(position_of[s.method.approach] for s in methods),
        everything=frozenset(range(len(methods))),
        penalties={},
        method_fields=tuple(
            {
                "slug": s.method.slug,
                "name": s.method.name,
                "kind": s.method.kind,
                "approach": s.method.approach,
                "approach_name": names[s.method.approach],
                "url": s.method.url,
                "considerations": s.method.considerations,
            }
            for s in methods
        ),
        ruled_out_fields=tuple(
            {
                "slug": s.method.slug,
                "name": s.method.name,
                "approach": s.method.approach,
                "url": s.method.url,
            }
            for s in methods
        ),
        uncapped={
            (complex_, unfunded): _uncapped(
                tuple(position_of),
                standardised if complex_ else frozenset(),
                costly if unfunded else frozenset(),
            )
            for complex_ in (False, True)
            for unfunded in (False, True)
        },
    )


def _uncapped(
    slugs: tuple[str, ...], standardised: frozenset[str], costly: frozenset[str]
) -> tuple[int, ...] | None:
    """The approaches neither cap of ``_apply_caps`` lowers when no approach leads a test.

    A cap acts only when it leaves enough approaches free (one for complexity, three for
    funding). When it acts, each approach it caps ends at least a point below a free one (or
    tied at zero and ordered after it), so the first approach is always an uncapped one: the
    best-scoring of them, the earlier on a tie."""
    capped: set[str] = set()
    for group, free_needed in ((standardised, 1), (costly, TOP_WITHOUT_FUNDING)):
        if group and len(slugs) - len(group) >= free_needed:
            capped |= group
    found = tuple(i for i, slug in enumerate(slugs) if slug not in capped)
    return found or None


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
    """Lower each capped approach below the ``rank``-th best free one, by more than the score
    margin so that it is not shown as equally good; returns the points taken."""
    if not capped or len(free) < rank:
        return {}
    ceiling = max(0, sorted((scores[s] for s in free), reverse=True)[rank - 1] - SCORE_MARGIN - 1)
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


NONE_USABLE = Reason(
    "None of its methods can be used with your answers, so it cannot lead the plan.", None, -BASE
)


# Reasons are immutable, and these few recur across answers: made once, not per request.
@lru_cache(maxsize=1024)
def _ruled_out_reason(methods: int, ruled_out: int, penalty: int) -> Reason:
    verb = "is" if ruled_out == 1 else "are"
    return Reason(
        f"Of its {methods} methods, {ruled_out} {verb} ruled out for your answers.", None, penalty
    )


@lru_cache(maxsize=1024)
def _cap_reason(text: str, question: str | None, points: int) -> Reason:
    return Reason(text, question, points)


def _score_approaches(
    prep: Prepared,
    answers: Answers,
    candidates: list[tuple[int, MethodData, int]],
    excluded: AbstractSet[int],
    lead_approach: str | None,
) -> tuple[ScoredApproach, ...]:
    """The approaches, best first, with their reasons (``_top_approach`` finds the first of
    them from the same numbers without writing sentences)."""
    reasons: dict[str, list[Reason]] = {}
    scores: dict[str, int] = {}
    # Each approach's best usable methods, best first (on equal scores the earlier method, as
    # in the method ranking): a ruled-out method lends an approach nothing.
    best_of: dict[str, list[tuple[int, int]]] = {slug: [] for slug in prep.approach_slugs}
    for p, m, score in candidates:
        mine = best_of[m.approach]
        if len(mine) < STRENGTH_TOP:
            mine.append((score, p))
    for scorer in prep.approaches:
        slug = scorer.approach.slug
        positions = prep.methods_of[slug]
        mine = best_of[slug]
        ruled_out = len(prep.position_sets[slug] & excluded)
        penalty = -round(RULED_OUT_WEIGHT * ruled_out / len(positions)) if positions else 0
        best = tuple((score, prep.methods[p].method.name) for score, p in mine)
        found = scorer.reasons(answers, best)
        if ruled_out:
            found.append(_ruled_out_reason(len(positions), ruled_out, penalty))
        if positions and not mine:
            # Feasibility before fit: an approach the leader cannot use at all takes no place
            # among those they can, whatever its own tables would say.
            found = [NONE_USABLE]
        reasons[slug] = found
        scores[slug] = max(0, min(100, total(found)))

    taken, caps, rank = _apply_caps(prep, answers, scores, lead_approach)
    ordered = sorted(prep.approach_slugs, key=rank)
    texts = {question: text for question, _, _, text in caps}
    for (question, slug), points in taken.items():
        if points:
            reasons[slug].append(_cap_reason(texts[question], question, -points))
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
    prep: Prepared, answers: Answers, scores: Scores, excluded: frozenset[int]
) -> tuple[list[tuple[int, MethodData, int]], list[Pick], str | None, str | None]:
    """The feasible methods best first, the combination, the approach leading the test, and
    the approach ranked first when that is already known (None when it is not).

    The first test may be spared a resource rule so that proving is always possible; if
    another method leads the test instead, it is simply not used (and lends its approach
    nothing), which keeps "considered and not recommended" monotone in the resources."""
    # Best first; sorting by position first and then (stably) by score keeps snapshot order
    # between equal scores.
    order = sorted(prep.everything - excluded)
    order.sort(key=scores.__getitem__, reverse=True)
    methods = prep.method_data
    spared = (
        None
        if prep.feasibility.first_test in excluded
        else prep.feasibility.resource_failure(answers)
    )
    candidates = [(p, methods[p], scores[p]) for p in order]
    # With limited evidence the approach leading the test comes first whatever the scores;
    # otherwise the plan draws on the approach that fits best, so the two agree.
    favoured = (
        None
        if answers.evidence == "limited"
        else _first_approach(prep, answers, candidates, excluded, None)
    )
    picks = choose(candidates, answers, spared[0] if spared else None, favoured)
    if spared is not None and not any(p.position == spared[0] for p in picks):
        candidates = [c for c in candidates if c[0] != spared[0]]
        favoured = None  # worked out from other candidates: no longer the first
    lead = None
    if answers.evidence == "limited":
        lead = next((p.method.approach for p in picks if p.function == PROVE), None)
    return candidates, picks, lead, favoured


def _top_approach(
    prep: Prepared,
    answers: Answers,
    candidates: list[tuple[int, MethodData, int]],
    excluded: frozenset[int],
    lead: str | None,
    holding: str | None = None,
    first: str | None = None,
) -> str:
    """The slug ``_score_approaches`` ranks first, from the same numbers, without sentences.

    ``holding``: an approach that counts as first if it is within the score margin of the
    first (robustness asks whether the base answers' top approach is still among the best).
    ``first``: the approach ranked first, when the caller already knows it."""
    top = first or _first_approach(prep, answers, candidates, excluded, lead)
    if holding is None or top == holding or not top:
        return top
    scores = _approach_scores(prep, answers, candidates, excluded, None)
    _apply_caps(prep, answers, scores, lead)
    return holding if scores[top] - scores[holding] <= SCORE_MARGIN else top


def _first_approach(
    prep: Prepared,
    answers: Answers,
    candidates: list[tuple[int, MethodData, int]],
    excluded: frozenset[int],
    lead: str | None,
) -> str:
    if lead is not None:
        # The evidence cap puts every other approach below the one leading the test, and no
        # other cap touches that one, so it comes first whatever the scores.
        return lead
    contenders = prep.uncapped[(answers.overall_complexity == "complex", answers.funding == "none")]
    scores = _approach_scores(prep, answers, candidates, excluded, contenders)
    if contenders is not None:
        # The best uncapped score wins, the earlier approach on a tie (see ``_uncapped``).
        best, top = -1, ""
        for slug, score in scores.items():
            if score > best:
                best, top = score, slug
        return top
    rank = _apply_caps(prep, answers, scores, lead)[2]
    return min(prep.approach_slugs, key=rank) if prep.approach_slugs else ""


def _approach_scores(
    prep: Prepared,
    answers: Answers,
    candidates: list[tuple[int, MethodData, int]],
    excluded: frozenset[int],
    contenders: tuple[int, ...] | None,
) -> dict[str, int]:
    """The approaches' scores before the caps (only the ``contenders``', when given), as
    ``_score_approaches`` totals its reasons."""
    count = len(prep.approach_slugs)
    totals = [0] * count
    counts = [0] * count
    index = prep.approach_index
    for p, _, score in candidates:  # best first: each approach's first few are its best
        i = index[p]
        if counts[i] < STRENGTH_TOP:
            counts[i] += 1
            totals[i] += score
    penalties = _penalties(prep, excluded)
    key = (answers.overall_complexity, answers.motivation, answers.funding)
    scores = {}
    for i in range(count) if contenders is None else contenders:
        slug = prep.approach_slugs[i]
        points = prep.approach_points[slug][key] - penalties[i]
        if counts[i]:
            points += round(STRENGTH_FACTOR * (totals[i] / counts[i] - BASE))
        elif prep.approach_info[i][2]:
            points = -BASE  # none of its methods can be used (see ``_score_approaches``)
        score = BASE + points
        scores[slug] = 0 if score < 0 else 100 if score > 100 else score
    return scores


def _penalties(prep: Prepared, excluded: frozenset[int]) -> tuple[int, ...]:
    """Each approach's points lost for its ruled-out methods (few distinct sets recur)."""
    found = prep.penalties.get(excluded)
    if found is None:
        ruled = [0] * len(prep.approach_slugs)
        for p in excluded:
            ruled[prep.approach_index[p]] += 1
        found = tuple(
            round(RULED_OUT_WEIGHT * r / size) if size else 0
            for r, (_, _, size) in zip(ruled, prep.approach_info, strict=True)
        )
        if len(prep.penalties) >= PENALTIES_KEEP:
            prep.penalties.clear()
        prep.penalties[excluded] = found
    return found


def outcome_for(
    prep: Prepared,
    answers: Answers,
    scores: Scores | None = None,
    excluded: frozenset[int] | None = None,
    holding: str | None = None,
) -> Outcome:
    """Only what robustness compares: the top approach and the combination. ``scores`` and
    ``excluded``, when given, are the method scores and ruled-out positions for ``answers``
    (robustness derives them from its base answers, changing only what the change touches).
    ``holding``: the base answers' top approach, which still counts as the top one while it
    stays within the score margin of the first (the order inside that margin is noise)."""
    if scores is None:
        scores = prep.columns.scores(answers)
    if excluded is None:
        excluded = prep.feasibility.ruled_out(answers)
    candidates, picks, lead, first = _compose(prep, answers, scores, excluded)
    top = _top_approach(prep, answers, candidates, excluded, lead, holding, first)
    return top, frozenset([p.method.slug for p in picks])


def _neighbours(
    prep: Prepared, answers: Answers, scores: list[int], excluded: frozenset[int], top: str
) -> Callable[[str, str], Outcome]:
    """The outcome of one answer changed, re-using what the change does not touch: the same
    ruled-out methods unless a rule reads the answer that changed, and one score column
    swapped, for the feasible methods only (nothing else reads a ruled-out method's score)."""
    reads = prep.feasibility.reads
    ruled_out = prep.feasibility.ruled_out
    effects = prep.columns.effects
    everything = prep.everything

    def outcome(question: str, value: str) -> Outcome:
        changed = answers.replace(**{question: value})
        now_excluded = ruled_out(changed) if question in reads else excluded
        column = effects.get(question)
        now_scores: Scores = scores
        if column is not None:
            key, by_key = column
            was, now = by_key[key(answers)], by_key[key(changed)]
            now_scores = {p: scores[p] - was[p] + now[p] for p in everything - now_excluded}
        return outcome_for(prep, changed, now_scores, now_excluded, top)

    return outcome


def recommend(
    answers: Answers, snapshot: GuideSnapshot, *, robustness: bool = True
) -> Recommendation:
    """Rule out, score, combine and phase the guide's methods for these answers."""
    prep = prepare(snapshot)
    method_reasons, method_scores = prep.columns.score(answers)
    excluded = prep.feasibility.excluded(answers)
    ruled = frozenset(excluded)
    candidates, picks, lead, _ = _compose(prep, answers, method_scores, ruled)
    plan = phases(picks, answers)
    mandate = next((p.method.name for p in picks if p.function == MANDATE), "")
    chosen = {p.position: p for p in picks}
    # Feasible methods first, best first; ruled-out ones after them, so the list reads as the
    # engine's view: what could be used, then what could not. (Each part is sorted by
    # position, then stably by score, so equal scores keep snapshot order.)
    usable = sorted(prep.everything - ruled)
    usable.sort(key=method_scores.__getitem__, reverse=True)
    unusable = sorted(ruled)
    unusable.sort(key=method_scores.__getitem__, reverse=True)

    def scored(p: int) -> ScoredMethod:
        pick = chosen.get(p)
        if pick is None:
            return assemble(
                ScoredMethod,
                prep.method_fields[p],
                NOT_PICKED,
                score=method_scores[p],
                reasons=method_reasons[p],
            )
        return assemble(
            ScoredMethod,
            prep.method_fields[p],
            score=method_scores[p],
            reasons=method_reasons[p],
            recommended=True,
            role=role(pick, answers, mandate),
            function=pick.function,
            caveat=caveat(
                pick.method,
                pick.function,
                answers,
                method_reasons[p],
                prep.feasibility.spared_caveat(p, answers),
            ),
        )

    methods = tuple([scored(p) for p in usable + unusable])
    not_recommended = tuple(
        [
            assemble(
                NotRecommended,
                prep.ruled_out_fields[p],
                rule=excluded[p][0],
                sentence=excluded[p][1],
            )
            for p in unusable
        ]
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
    approaches = _score_approaches(prep, answers, candidates, ruled, lead)
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
            _neighbours(prep, answers, method_scores, ruled, base[0]),
            base,
        )
        if robustness
        else None,
        score_margin=SCORE_MARGIN,
    )


def recommend_for(answers: Answers) -> Recommendation:
    """``recommend`` over the current published guide (one query when the cache is warm)."""
    return recommend(answers, get_snapshot())
