"""How well each method and approach fits a set of answers, with the reasons why.

Every score is ``50 + the sum of its reasons' effects``: the reasons are the score, not a
commentary on it. Each question contributes through a small table (answer value -> points)
built once per method from its curated attributes, never from its name.

Two rules keep the reasons honest and the scores in range by construction:

* A table whose points do not depend on the answer (a method that suits every level, say) says
  nothing about the answer, so it contributes nothing. Any other table is shifted so that it
  holds both a non-positive and a non-negative entry: then a reason that raised a score always
  has an answer that would have scored lower, and vice versa.
* The largest effect each question can have on a method adds up to at most 50 points
  (``METHOD_WEIGHTS``), so a method's score stays within 0..100 without clamping.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

from content.choices import (
    Amount,
    Audience,
    AudienceSize,
    Capacity,
    Complexity,
    Energy,
    Stage,
    Timescale,
    positions,
)
from content.snapshot import ApproachData, MethodData

from .answers import Answers
from .questions import QUESTION_BY_NAME
from .recommendation import Reason
from .stages import STAGES

BASE = 50

# The most points each question can move a method score, either way. They sum to 50.
METHOD_WEIGHTS = {
    "evidence": 7,
    "complexity": 8,
    "level": 6,
    "audience_size": 4,
    "audience": 4,
    "motivation": 5,
    "energy": 4,
    "timescale": 4,
    "funding": 4,
    "capacity": 4,
}
assert sum(METHOD_WEIGHTS.values()) == BASE

# How much of a method's attraction carries into its approach's score.
STRENGTH_FACTOR = 1.0
# Approaches are judged on the methods that would actually be used, not on their weakest ones.
STRENGTH_TOP = 3

# A value's place on its scale, from the vocabulary (funding is scored by FUNDING_POINTS).
ORDINAL = positions(Amount, Energy, Capacity, AudienceSize, Timescale, Complexity)


# How sentences name stages and audiences: the vocabulary's labels, in lower case.
STAGE_WORDS = {value: label.lower() for value, label in Stage.choices}
AUDIENCE_WORDS = {
    **{value: label.lower() for value, label in Audience.choices},
    Audience.VOLUNTARY_SECTOR: "the voluntary sector",  # reads better in a sentence
}
# How a sentence says a method's time to effect (the Timescale labels' parentheses).
TIMESCALE_WORDS = {
    "short": "under 6 months",
    "medium": "6 to 18 months",
    "long": "over 18 months",
}


def words(items: Iterable[str], mapping: Mapping[str, str] | None = None, last: str = "or") -> str:
    """'a', 'a or b', 'a, b or c' (or with 'and')."""
    items = [mapping.get(i, i) if mapping else i for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def values_of(question: str) -> tuple[str, ...]:
    return QUESTION_BY_NAME[question].values


# A table maps each answer value (or, for a column that reads two answers, each pair of them)
# to (points, sentence).
Table = dict[Any, tuple[int, str]]
# The answers each method table reads, when not just its own question.
COLUMN_READS = {"evidence": ("evidence", "spread_so_far")}


def column_keys(question: str) -> list[Any]:
    """Every key a method table has: each value of its question, or each tuple of values of
    the answers it reads ("" standing for an optional question left unanswered)."""
    reads = COLUMN_READS.get(question)
    if reads is None:
        return list(values_of(question))
    return list(itertools.product(*(_values_or_blank(name) for name in reads)))


def _values_or_blank(name: str) -> tuple[str, ...]:
    question = QUESTION_BY_NAME[name]
    return question.values if question.required else ("", *question.values)


def column_key(question: str) -> Callable[[Any], Any]:
    """Reads a method table's key from the answers: one answer, or a tuple of them."""
    return attrgetter(*COLUMN_READS.get(question, (question,)))


# Approaches whose scores are this close are equally good: the difference is within what a
# one-step change of a single answer moves a score.
SCORE_MARGIN = 3
SCORE_SCALE = (
    "Scores run from 0 to 100; 50 is a neutral fit. Each reason adds or takes away the points "
    f"shown. Approaches within {SCORE_MARGIN} points of each other are equally good: the order "
    "between them is not a recommendation."
)


def shared_ranks(scores: Iterable[int], margin: int) -> list[int]:
    """Ranks for scores given best first, where scores within ``margin`` of the best of their
    group share its rank: the order between them is noise, not a recommendation."""
    ranks: list[int] = []
    leader = None
    for i, score in enumerate(scores, start=1):
        if leader is None or leader - score > margin:
            leader, rank = score, i
        ranks.append(rank)
    return ranks


def normalise(table: Table) -> Table:
    """Make the table say only what the answer changes (see the module docstring)."""
    points = [p for p, _ in table.values()]
    low, high = min(points), max(points)
    if low == high:
        return {v: (0, "") for v in table}
    shift = low if low > 0 else high if high < 0 else 0
    return {v: (p - shift, text) for v, (p, text) in table.items()}


def _normalise_by_question(table: Table) -> Table:
    """``normalise``, and for a table keyed by several answers, within each set of keys that
    share the other answers: a reason is about its own question, so what it says must be
    what changing that answer alone would change."""
    if not table or not isinstance(next(iter(table)), tuple):
        return normalise(table)
    groups: dict[Any, Table] = {}
    for key, entry in table.items():
        groups.setdefault(key[1:], {})[key] = entry
    out: Table = {}
    for group in groups.values():
        out.update(normalise(group))
    return {key: out[key] for key in table}


def reasons_for(question: str, table: Table, weight: int) -> dict[Any, Reason | None]:
    """The reason each answer value gives, or None when that value changes nothing."""
    out: dict[Any, Reason | None] = {}
    for value, (points, text) in _normalise_by_question(table).items():
        # The tables are written within their weight; this guards the 0..100 range.
        points = max(-weight, min(weight, points))
        out[value] = Reason(text, question, points) if points else None
    return out


# --- Method tables: one function per question, from the method's attributes only. ---


# How a sentence says how far the intervention has spread ("" when not answered).
SPREAD_WORDS = {
    "": "",
    "none": " and no routine use yet",
    "one-site": " and use at one site",
    "few-sites": " and use at a few sites",
    "many-sites": " and use at many sites",
}


def _evidence(m: MethodData) -> Table:
    """Keyed by (evidence, spread so far): the stage they put you at is the one the
    stage-of-development rule reads, so the reason and the rule always agree."""
    table: Table = {}
    for (value, spread), now in STAGES.items():
        fits = [s for s in m.stages if s in now]
        points = 4 if fits else -4
        proves = m.builds_evidence and value != "strong"
        if proves:
            points += 3 if value == "limited" else 1
        if points > 0:
            parts = []
            if proves:
                parts.append("it generates evidence of whether the intervention works")
            if fits:
                parts.append(f"it fits the {words(fits, STAGE_WORDS)} stage")
            text = f"With {value} evidence{SPREAD_WORDS[spread]}, " + " and ".join(parts) + "."
        elif spread:
            text = (
                f"It is meant for the {words(m.stages, STAGE_WORDS)} stage, and your evidence "
                f"and spread so far put you at the {words(now, STAGE_WORDS)} stage."
            )
        else:
            text = (
                f"It is meant for the {words(m.stages, STAGE_WORDS)} stage, which {value} "
                "evidence does not put you at."
            )
        table[(value, spread)] = (points, text)
    return table


def _complexity(m: MethodData) -> Table:
    return {
        v: (5, f"It suits {v} interventions like yours.")
        if v in m.complexity
        else (-8, f"It suits {words(m.complexity)} interventions, not {v} ones like yours.")
        for v in values_of("complexity")
    }


def _level(m: MethodData) -> Table:
    return {
        v: (3, f"It can be used at the {v} level you work at.")
        if v in m.levels
        else (-6, f"It is used at {words(m.levels)} level, not at the {v} level you work at.")
        for v in values_of("level")
    }


def _audience_size(m: MethodData) -> Table:
    table = {}
    for v in values_of("audience_size"):
        if v in m.audience_sizes:
            table[v] = (3, f"It reaches a {v} audience well.")
            continue
        gap = min(abs(ORDINAL[v] - ORDINAL[s]) for s in m.audience_sizes)
        text = f"It works best with {words(m.audience_sizes)} audiences, not a {v} one."
        table[v] = (-2 if gap == 1 else -4, text)
    return table


def _motivation(m: MethodData) -> Table:
    table = {}
    for v in values_of("motivation"):
        if m.motivation == "mixed":
            if v == "mixed":
                table[v] = (
                    4,
                    "It works through both extrinsic and intrinsic motivation, "
                    "like your mixed audience.",
                )
            else:
                table[v] = (
                    1,
                    f"It works partly through {v} motivation, which moves your audience.",
                )
        elif v == m.motivation:
            table[v] = (5, f"It relies on {v} motivation, which is what moves your audience.")
        elif v == "mixed":
            table[v] = (
                1,
                f"It relies on {m.motivation} motivation, one part of what moves your audience.",
            )
        else:
            table[v] = (
                -5,
                f"It relies on {m.motivation} motivation, but your audience is "
                f"moved mainly by {v} motivation.",
            )
    return table


def _need_vs_have(need: str, have: str, full: int, needs: str, yours: str) -> tuple[int, str]:
    """Points for a method needing ``need`` of something when there is ``have`` of it."""
    gap = ORDINAL[need] - ORDINAL[have]
    if gap <= 0:
        return (full // 2, f"It needs {needs}, and {yours} is {have}: enough for it.")
    return (-full // 2 * gap, f"It needs {needs}, but {yours} is {have}.")


def _energy(m: MethodData) -> Table:
    needs = f"{m.energy} existing energy for change"
    return {v: _need_vs_have(m.energy, v, 4, needs, "yours") for v in values_of("energy")}


def _capacity(m: MethodData) -> Table:
    needs = {"low": "few", "medium": "some", "high": "many"}[m.capacity] + " people and skills"
    return {
        v: _need_vs_have(m.capacity, v, 4, needs, "your capacity") for v in values_of("capacity")
    }


def _timescale(m: MethodData) -> Table:
    table = {}
    for v in values_of("timescale"):
        gap = ORDINAL[m.time_to_effect] - ORDINAL[v]
        effect = TIMESCALE_WORDS[m.time_to_effect]
        if gap <= 0:
            table[v] = (2, f"It usually shows an effect in {effect}, within your {v} timescale.")
        else:
            table[v] = (
                -2 * gap,
                f"It usually takes {effect} to show an effect, longer than your {v} timescale.",
            )
    return table


# Funding tables are nondecreasing in funding, so more money never lowers a score.
FUNDING_POINTS = {
    "low": {"none": 0, "limited": 0, "substantial": 0},
    "medium": {"none": -2, "limited": 1, "substantial": 2},
    "high": {"none": -4, "limited": -1, "substantial": 3},
}


def _funding_text(cost: str, funding: str, points: int) -> str:
    money = {"medium": "some money", "high": "a lot of money"}.get(cost, "little money")
    if points > 0:
        return f"It needs {money}, and your {funding} funding can cover it."
    if funding == "none":
        return f"It needs {money}, and you have no funding for the spread."
    return f"It needs {money}, more than your {funding} funding is likely to cover."


def _funding(m: MethodData) -> Table:
    return {v: (p, _funding_text(m.cost, v, p)) for v, p in FUNDING_POINTS[m.cost].items()}


METHOD_TABLES: tuple[tuple[str, Callable[[MethodData], Table]], ...] = (
    ("evidence", _evidence),
    ("complexity", _complexity),
    ("level", _level),
    ("audience_size", _audience_size),
    ("motivation", _motivation),
    ("energy", _energy),
    ("timescale", _timescale),
    ("funding", _funding),
    ("capacity", _capacity),
)


def audience_reason(m: MethodData, audience: tuple[str, ...]) -> Reason | None:
    """Not answering (the empty list) is the neutral answer: it changes nothing."""
    if not audience or not m.audiences:
        return None
    shared = [a for a in audience if a in m.audiences]
    if shared:
        points = max(1, round(METHOD_WEIGHTS["audience"] * len(shared) / len(audience)))
        return Reason(f"It is good at moving {words(shared, AUDIENCE_WORDS)}.", "audience", points)
    return Reason(
        f"It is aimed at {words(m.audiences, AUDIENCE_WORDS)}, not the groups you named.",
        "audience",
        -METHOD_WEIGHTS["audience"],
    )


@dataclass(frozen=True)
class MethodScorer:
    """A method's reason for every answer value, worked out once per snapshot."""

    method: MethodData
    # Per question (in METHOD_TABLES order): answer value (see ``column_key``) -> reason or None.
    tables: tuple[tuple[str, dict[Any, Reason | None]], ...]

    @classmethod
    def build(cls, method: MethodData) -> MethodScorer:
        return cls(
            method,
            tuple(
                (q, reasons_for(q, make(method), METHOD_WEIGHTS[q])) for q, make in METHOD_TABLES
            ),
        )


def total(reasons: Iterable[Reason]) -> int:
    return BASE + sum(r.effect for r in reasons)


_AUDIENCE_AFTER = "audience_size"  # the wizard asks about the audience next


# One question's answer across all methods: each method's reason (None when the answer does not
# move it) and its effect in points.
_Column = tuple[tuple[Reason | None, ...], tuple[int, ...]]


class MethodColumns:
    """All methods' reasons arranged by question and answer, so one recommendation is a few
    C-level zips over precomputed columns rather than a Python loop per method and question.
    """

    def __init__(self, scorers: tuple[MethodScorer, ...]) -> None:
        self.methods = tuple(s.method for s in scorers)
        # (question, its key reader, key -> (reasons per method, effects per method))
        self.columns: list[tuple[str, Callable[[Any], Any], dict[Any, _Column]]] = []
        for index, (question, _) in enumerate(METHOD_TABLES):
            by_value = {}
            for key in column_keys(question):
                reasons = tuple(s.tables[index][1][key] for s in scorers)
                by_value[key] = (reasons, tuple(r.effect if r else 0 for r in reasons))
            self.columns.append((question, column_key(question), by_value))
        self._audience: dict[tuple[str, ...], _Column] = {}
        # answer name -> (the key reader and each key's points per method) of the column that
        # reads it, so that one changed answer swaps one column
        self.effects: dict[str, tuple[Callable[[Any], Any], dict[Any, tuple[int, ...]]]] = {}
        for question, key, by_value in self.columns:
            effects = {v: e for v, (_, e) in by_value.items()}
            for name in COLUMN_READS.get(question, (question,)):
                self.effects[name] = (key, effects)

    def _audience_column(self, audience: tuple[str, ...]) -> _Column:
        found = self._audience.get(audience)
        if found is None:
            reasons = tuple(audience_reason(m, audience) for m in self.methods)
            found = (reasons, tuple(r.effect if r else 0 for r in reasons))
            if len(self._audience) < 128:  # 64 possible sets; bounded all the same
                self._audience[audience] = found
        return found

    def score(self, answers: Answers) -> tuple[list[tuple[Reason, ...]], list[int]]:
        """(reasons, score) of every method, in method order."""
        reason_cols = []
        effect_cols = []
        audience = answers.audience
        for question, key, by_value in self.columns:
            reasons, effects = by_value[key(answers)]
            reason_cols.append(reasons)
            effect_cols.append(effects)
            if question == _AUDIENCE_AFTER and audience:
                reasons, effects = self._audience_column(audience)
                reason_cols.append(reasons)
                effect_cols.append(effects)
        if not self.methods:
            return [], []
        per_method = [tuple(filter(None, row)) for row in zip(*reason_cols, strict=True)]
        scores = [BASE + s for s in map(sum, zip(*effect_cols, strict=True))]
        return per_method, scores

    def scores(self, answers: object) -> list[int]:
        """Only the scores (what robustness re-runs need), without gathering the reasons."""
        cols = [by_value[key(answers)][1] for _, key, by_value in self.columns]
        audience = answers.audience  # type: ignore[attr-defined]
        if audience:
            cols.append(self._audience_column(audience)[1])
        if not self.methods:
            return []
        return [BASE + s for s in map(sum, zip(*cols, strict=True))]


# --- Approaches: their own attributes, plus the strength of their best methods. ---

APPROACH_WEIGHTS = {"complexity": 10, "motivation": 6, "funding": 8}

STANDARDISATION_POINTS = {
    "high": {"simple": 6, "complicated": 2, "complex": -10},
    "medium": {"simple": 0, "complicated": 0, "complex": 0},
    "low": {"simple": -4, "complicated": 0, "complex": 6},
}
APPROACH_FUNDING_POINTS = {
    "low": {"none": 0, "limited": 0, "substantial": 0},
    "medium": {"none": -3, "limited": 1, "substantial": 2},
    "high": {"none": -8, "limited": -2, "substantial": 6},
}


def _standardisation_text(level: str, complexity: str, points: int) -> str:
    if level == "high":
        if points > 0:
            return (
                f"It relies on central standardisation, which works for a {complexity} "
                "intervention that can be done the same way everywhere."
            )
        return (
            f"It relies on central standardisation, which fits poorly with a {complexity} "
            "intervention that must adapt to each place."
        )
    if points > 0:
        return f"It leaves room for local adaptation, which a {complexity} intervention needs."
    return (
        f"It relies on local adaptation, where a {complexity} intervention could use a "
        "standard recipe."
    )


def _approach_complexity(a: ApproachData) -> Table:
    points = STANDARDISATION_POINTS[a.standardisation]
    return {c: (p, _standardisation_text(a.standardisation, c, p)) for c, p in points.items()}


def _approach_motivation(a: ApproachData) -> Table:
    table = {}
    for v in values_of("motivation"):
        if a.motivation == "mixed":
            table[v] = (
                (3, "It uses both extrinsic and intrinsic motivation, like your mixed audience.")
                if v == "mixed"
                else (0, "")
            )
        elif v == a.motivation:
            table[v] = (6, f"It works through {v} motivation, which is what moves your audience.")
        elif v == "mixed":
            table[v] = (
                1,
                f"It works through {a.motivation} motivation, one part of what "
                "moves your audience.",
            )
        else:
            table[v] = (
                -6,
                f"It works through {a.motivation} motivation, but your audience is "
                f"moved mainly by {v} motivation.",
            )
    return table


def _approach_funding(a: ApproachData) -> Table:
    return {
        v: (p, _funding_text(a.cost, v, p).replace("It needs", "It typically needs"))
        for v, p in APPROACH_FUNDING_POINTS[a.cost].items()
    }


APPROACH_TABLES: tuple[tuple[str, Callable[[ApproachData], Table]], ...] = (
    ("complexity", _approach_complexity),
    ("motivation", _approach_motivation),
    ("funding", _approach_funding),
)


@dataclass(frozen=True)
class ApproachScorer:
    approach: ApproachData
    tables: tuple[tuple[str, dict[str, Reason | None]], ...]

    @classmethod
    def build(cls, approach: ApproachData) -> ApproachScorer:
        return cls(
            approach,
            tuple(
                (q, reasons_for(q, make(approach), APPROACH_WEIGHTS[q]))
                for q, make in APPROACH_TABLES
            ),
        )

    def points(self, answers: Answers) -> int:
        """The sum of the effects ``reasons`` would give, before the methods' strength."""
        return sum(
            r.effect for q, table in self.tables if (r := table[_approach_answer(answers, q)])
        )

    def reasons(self, answers: Answers, best: tuple[tuple[int, str], ...]) -> list[Reason]:
        """``best``: (score, name) of this approach's best methods, best first."""
        found = [r for q, table in self.tables if (r := table[_approach_answer(answers, q)])]
        found.insert(0, strength_reason(best[:STRENGTH_TOP]))
        return found


def approach_points(scorer: ApproachScorer) -> dict[tuple[str, str, str], int]:
    """(complexity, motivation, funding) -> the sum of the effects of the approach's own
    tables, as ``ApproachScorer.reasons`` gives them before the methods' strength."""
    tables = dict(scorer.tables)
    out = {}
    for c in values_of("complexity"):
        for m in values_of("motivation"):
            for f in values_of("funding"):
                found = (tables["complexity"][c], tables["motivation"][m], tables["funding"][f])
                out[(c, m, f)] = sum(r.effect for r in found if r)
    return out


def _approach_answer(answers: Answers, question: str) -> str:
    # Standardisation is judged against the intervention and its situation together.
    if question == "complexity":
        return answers.overall_complexity
    answer: str = getattr(answers, question)
    return answer


@lru_cache(maxsize=4096)  # few distinct inputs recur across answers; the text is the slow part
def strength_reason(best: tuple[tuple[int, str], ...]) -> Reason:
    """How much an approach's best methods lift (or sink) it."""
    if not best:
        return Reason("It has no published methods yet.", None, 0)
    strength = sum(score for score, _ in best) / len(best)
    names = words([name for _, name in best], last="and")
    return Reason(
        f"Its best methods for your answers ({names}) score {round(strength)} on average.",
        None,
        round(STRENGTH_FACTOR * (strength - BASE)),
    )
