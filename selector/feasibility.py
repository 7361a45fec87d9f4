"""Feasibility before fit: the rules that rule a method out, whatever its score.

The guide reasons in "musts" and "cannots" (prove it before spreading it; some levers are only in
some hands; money, people and time are real limits). A weighted sum cannot say that, so these
rules run first: a method that fails one never enters the combination and is listed as
"considered and not recommended" with the rule's own sentence.

Each rule reads one or two answers and the method's curated attributes only, so its verdicts are
worked out once per guide version as a table from answer value to the methods it rules out
(``FeasibilityTables``); a recommendation then only looks them up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from content.snapshot import MethodData

from .answers import Answers
from .questions import QUESTION_BY_NAME
from .scoring import AUDIENCE_WORDS, words
from .stages import STAGES

ORDINAL = {"low": 0, "medium": 1, "high": 2, "none": 0, "limited": 0, "moderate": 1}
FUNDING_LEVEL = {"none": 0, "limited": 1, "substantial": 2}
CAPACITY_LEVEL = {"limited": 0, "moderate": 1, "substantial": 2}
TIME_LEVEL = {"short": 0, "medium": 1, "long": 2}
EVIDENCE_LEVEL = {"limited": 0, "promising": 1, "strong": 2}

STAGE_WORDS = {
    "prototype": "prototype",
    "testing": "testing",
    "early-adoption": "early adoption",
    "spread": "spread",
    "sustain": "sustain",
}
LEAD_WORDS = {
    "provider": "a provider",
    "commissioner": "a commissioner",
    "network": "a network or region",
    "national": "a national body",
    "supplier": "a supplier",
    "voluntary-sector": "a voluntary organisation",
}
INTERVENTION_WORDS = {
    "digital": "digital",
    "product": "product",
    "care-model": "care model",
    "workforce": "workforce",
    "practice": "practice",
}


@dataclass(frozen=True)
class Rule:
    """A named feasibility rule: ``check`` gives the sentence when the method fails it."""

    name: str
    summary: str  # the rule in one sentence, for the documentation and the API
    keys: tuple[str, ...]  # the answers it reads
    check: Callable[[MethodData, tuple[str, ...]], str | None]


def _stage(m: MethodData, key: tuple[str, ...]) -> str | None:
    evidence, spread = key
    now = STAGES[(evidence, spread)]
    if any(s in now for s in m.stages):
        return None
    return (
        f"It is meant for the {words(m.stages, STAGE_WORDS)} stage, and your evidence and "
        f"spread so far put you at the {words(now, STAGE_WORDS)} stage."
    )


def _scale_up(m: MethodData, key: tuple[str, ...]) -> str | None:
    (evidence,) = key
    if evidence == "limited" and EVIDENCE_LEVEL[m.evidence_needed] >= 1:
        return (
            "It is meant for an intervention with at least promising results, and with limited "
            "evidence that risks spreading something that does not work: prove it first."
        )
    return None


def _lock_in(m: MethodData, key: tuple[str, ...]) -> str | None:
    (evidence,) = key
    if evidence == "promising" and m.evidence_needed == "strong":
        return (
            "It locks the intervention in, so it waits until the evaluation confirms the "
            "promising early results."
        )
    return None


def _lead(m: MethodData, key: tuple[str, ...]) -> str | None:
    (lead,) = key
    if not lead or not m.leads or lead in m.leads:
        return None
    return (
        f"It is in the hands of {words(m.leads, LEAD_WORDS)}, which {LEAD_WORDS[lead]} "
        "leading the spread is not."
    )


def _level(m: MethodData, key: tuple[str, ...]) -> str | None:
    (level,) = key
    if m.kind != "lever" or level in m.levels:
        return None
    return (
        f"It is a lever pulled at {words(m.levels)} level, out of reach from the {level} level "
        "you work at."
    )


def _intervention(m: MethodData, key: tuple[str, ...]) -> str | None:
    (kind,) = key
    if not m.interventions or kind in m.interventions:
        return None
    suits = words(m.interventions, INTERVENTION_WORDS)
    if not kind:
        # A lever that only makes sense for some kinds (a licence needs a defined service model
        # to license, a commercial deal a product to buy) is not a safe guess when the kind is
        # not known: answering the question brings it back where it fits.
        return (
            f"It only suits {suits} interventions, and you have not said what kind of "
            "intervention yours is."
        )
    return f"It suits {suits} interventions, not a {INTERVENTION_WORDS[kind]} one."


def _cost(m: MethodData, key: tuple[str, ...]) -> str | None:
    (funding,) = key
    if ORDINAL[m.cost] - FUNDING_LEVEL[funding] >= 2:
        return "It needs a lot of money, and you have no funding for the spread."
    return None


def _people(m: MethodData, key: tuple[str, ...]) -> str | None:
    (capacity,) = key
    if ORDINAL[m.capacity] - CAPACITY_LEVEL[capacity] >= 2:
        return (
            "It needs many people and skills, more than a few people alongside their day jobs "
            "can give."
        )
    return None


def _time(m: MethodData, key: tuple[str, ...]) -> str | None:
    (timescale,) = key
    if TIME_LEVEL[m.time_to_effect] - TIME_LEVEL[timescale] >= 2:
        return "It usually takes over 18 months to show an effect, and you have under 6 months."
    return None


RULES: tuple[Rule, ...] = (
    Rule(
        "stage-of-development",
        "A method meant for other stages of development than the one the evidence and the "
        "spread so far put you at is ruled out.",
        ("evidence", "spread_so_far"),
        _stage,
    ),
    Rule(
        "evidence-before-scale-up",
        "With limited evidence no scale-up lever (payments, frameworks, mandates, contracts, "
        "regulation, national programmes) is recommended.",
        ("evidence",),
        _scale_up,
    ),
    Rule(
        "lock-in-after-evidence",
        "With promising evidence, levers that lock an intervention in wait for the evaluation.",
        ("evidence",),
        _lock_in,
    ),
    Rule(
        "lever-in-other-hands",
        "A method or lever held by other kinds of leader than the one leading is ruled out.",
        ("lead",),
        _lead,
    ),
    Rule(
        "lever-beyond-level",
        "A lever pulled only at other levels of the system than yours is ruled out.",
        ("level",),
        _level,
    ),
    Rule(
        "wrong-kind-of-intervention",
        "A lever that only suits some kinds of intervention (commercial deals for products, "
        "licensing for service models) is ruled out for other kinds, and while the kind is "
        "not known.",
        ("intervention",),
        _intervention,
    ),
    Rule(
        "cost-beyond-funding",
        "A method that needs a lot of money is ruled out when there is no funding.",
        ("funding",),
        _cost,
    ),
    Rule(
        "people-beyond-capacity",
        "A method that needs many people is ruled out when capacity is limited.",
        ("capacity",),
        _people,
    ),
    Rule(
        "effect-after-deadline",
        "A method that takes over 18 months to show an effect is ruled out for a timescale "
        "under 6 months.",
        ("timescale",),
        _time,
    ),
)
RULE_BY_NAME = {r.name: r for r in RULES}
# Rules the first test of an unproven intervention is spared: it can always start small.
RESOURCE_RULES = frozenset(
    {"cost-beyond-funding", "people-beyond-capacity", "effect-after-deadline"}
)

# Evidence that does not yet justify spreading: proving it (or a staged roll-out with
# evaluation) is the one job a plan cannot drop, so it is spared the resource rules.
STARTS_SMALL = frozenset({"limited", "promising"})


def starts_small(answers: Answers) -> bool:
    """Proving it in real settings is the one job the plan cannot drop: the evidence does not
    yet justify spreading, or it is strong but the intervention is used in no routine service
    yet (a first wave shows it works there)."""
    return answers.evidence in STARTS_SMALL or (
        answers.evidence == "strong" and answers.spread_so_far == "none"
    )


STAGED_SMALL = (
    "Roll it out one site at a time, at the pace your people and budget allow, and evaluate "
    "each site before the next; seek more resources once the evaluation supports it."
)
NO_COST_TEST = (
    "Start it as a small test in one setting, within the budgets and people you have, and "
    "seek money and help for more sites once the results are in."
)


def _values(name: str) -> tuple[str, ...]:
    question = QUESTION_BY_NAME[name]
    return question.values if question.required else ("", *question.values)


def _keys(rule: Rule) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [()]
    for name in rule.keys:
        keys = [(*k, v) for k in keys for v in _values(name)]
    return keys


# Distinct answer keys the rules read number about 50,000, too many to keep in every worker
# (a set of positions is some 600 bytes); the memo starts again once it holds this many, and
# equal sets are kept once.
RULED_OUT_KEEP = 20_000


class FeasibilityTables:
    """Every rule's verdict on every method, by the answers the rule reads (built once)."""

    def __init__(self, methods: Sequence[MethodData]) -> None:
        self.methods = tuple(methods)
        # rule -> answer key -> {method position: sentence}
        self.tables: list[tuple[Rule, dict[tuple[str, ...], dict[int, str]]]] = []
        for rule in RULES:
            table = {}
            for key in _keys(rule):
                table[key] = {
                    p: text for p, m in enumerate(self.methods) if (text := rule.check(m, key))
                }
            self.tables.append((rule, table))
        # The first test of an unproven intervention: the cheapest method whose job is proving.
        provers = [p for p, m in enumerate(self.methods) if "prove" in m.functions]
        self.first_test: int | None = min(
            provers,
            key=lambda p: (ORDINAL[self.methods[p].cost], ORDINAL[self.methods[p].capacity], p),
            default=None,
        )
        self._audience: dict[tuple[str, ...], dict[int, str]] = {}
        self._aimed: dict[tuple[tuple[str, ...], int | None], frozenset[int]] = {}
        self._ruled_out: dict[tuple[str, ...], frozenset[int]] = {}
        self._sets: dict[frozenset[int], frozenset[int]] = {}  # each distinct set, once
        self._resources: dict[tuple[str, ...], tuple[int, str, str] | None] = {}
        # The answers the rules read (the audience aside): a change to any other answer leaves
        # what is ruled out as it was.
        self.reads = frozenset(k for r in RULES for k in r.keys)
        self._key = attrgetter(*sorted(self.reads))
        self._resource_key = attrgetter(
            *sorted({k for r in RULES if r.name in RESOURCE_RULES for k in r.keys})
        )

    def excluded(self, answers: Answers) -> dict[int, tuple[str, str]]:
        """Method position -> (rule name, sentence) of the first rule each failing method fails."""
        out: dict[int, tuple[str, str]] = {}
        spared = self.first_test if starts_small(answers) else None
        for rule, table in self.tables:
            hits = table[tuple(getattr(answers, k) for k in rule.keys)]
            if not hits:
                continue
            for p, text in hits.items():
                if p in out or (p == spared and rule.name in RESOURCE_RULES):
                    continue
                out[p] = (rule.name, text)
        if answers.audience:
            for p, text in self._aimed_elsewhere(answers.audience).items():
                # The test is needed whoever must change, so its audience does not rule it out.
                if p not in out and p != spared:
                    out[p] = ("aimed-elsewhere", text)
        return out

    def _aimed_elsewhere(self, audience: tuple[str, ...]) -> dict[int, str]:
        found = self._audience.get(audience)
        if found is None:
            found = {
                p: f"It is aimed at {words(m.audiences, AUDIENCE_WORDS)}, not the groups you named."
                for p, m in enumerate(self.methods)
                if m.audiences and not set(m.audiences) & set(audience)
            }
            if len(self._audience) < 128:  # 63 possible sets; bounded all the same
                self._audience[audience] = found
        return found

    def ruled_out(self, answers: Answers) -> frozenset[int]:
        """The positions ``excluded`` gives, without their sentences (for robustness re-runs).

        Memoised by the answers the rules read (a bounded table, filled as answers come)."""
        key = self._key(answers)
        found = self._ruled_out.get(key)
        if found is None:
            found = frozenset(self._rules_ruled_out(answers))
            if len(self._ruled_out) >= RULED_OUT_KEEP:
                self._ruled_out.clear()
                self._sets.clear()
            found = self._sets.setdefault(found, found)
            self._ruled_out[key] = found
        if not answers.audience:
            return found
        spared = self.first_test if starts_small(answers) else None
        aimed = self._aimed.get((answers.audience, spared))
        if aimed is None:
            aimed = frozenset(p for p in self._aimed_elsewhere(answers.audience) if p != spared)
            if len(self._aimed) < 256:  # 63 sets, with and without the spared test
                self._aimed[(answers.audience, spared)] = aimed
        return found | aimed if aimed else found

    def _rules_ruled_out(self, answers: Answers) -> set[int]:
        out: set[int] = set()
        for rule, table in self.tables:
            hits = table[tuple(getattr(answers, k) for k in rule.keys)]
            if hits:
                out.update(hits)
        if starts_small(answers) and self.first_test in out:
            resource_hits = [
                table[tuple(getattr(answers, k) for k in rule.keys)]
                for rule, table in self.tables
                if rule.name not in RESOURCE_RULES
            ]
            if not any(self.first_test in hits for hits in resource_hits):
                out.discard(self.first_test)
        return out

    def resource_failure(self, answers: Answers) -> tuple[int, str, str] | None:
        """(position, rule, sentence) when the first test is spared a resource rule it fails:
        it may still lead the test, starting small, but may not be used for any other job."""
        p = self.first_test
        if p is None or not starts_small(answers):
            return None
        key = self._resource_key(answers)
        if key in self._resources:
            return self._resources[key]
        found = None
        for rule, table in self.tables:
            if rule.name in RESOURCE_RULES:
                text = table[tuple(getattr(answers, k) for k in rule.keys)].get(p)
                if text:
                    found = (p, rule.name, text)
                    break
        self._resources[key] = found  # 27 keys for the three resource answers
        return found

    def spared_caveat(self, position: int, answers: Answers) -> str:
        """The caveat of the first test when a resource rule would otherwise rule it out."""
        if position != self.first_test or not starts_small(answers):
            return ""
        m = self.methods[position]
        strained = (
            ORDINAL[m.cost] > FUNDING_LEVEL[answers.funding]
            or ORDINAL[m.capacity] > CAPACITY_LEVEL[answers.capacity]
            or TIME_LEVEL[m.time_to_effect] > TIME_LEVEL[answers.timescale]
        )
        if not strained:
            return ""
        return NO_COST_TEST if answers.evidence == "limited" else STAGED_SMALL


AIMED_ELSEWHERE = Rule(
    "aimed-elsewhere",
    "A method aimed only at groups other than the ones named as needing to change is ruled out.",
    ("audience",),
    lambda m, key: None,  # applied directly in ``FeasibilityTables.excluded``
)
ALL_RULES: tuple[Rule, ...] = (*RULES, AIMED_ELSEWHERE)
