"""Case examples closest to the answers, and the guidance worth reading alongside the plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from content.snapshot import CaseExampleData, GuideSnapshot

from .answers import Answers
from .recommendation import Guidance, MatchedCase
from .scoring import values_of, words

# Points for each part of the context (75 in all) and of the combination (25).
CONTEXT_POINTS = {
    "complexity": 20,
    "level": 15,
    "audience_size": 10,
    "motivation": 10,
    "timescale": 8,
    "funding": 12,
}
METHOD_POINTS = 15
APPROACH_POINTS = 10
assert sum(CONTEXT_POINTS.values()) + METHOD_POINTS + APPROACH_POINTS == 100

CONTEXT_PHRASES = {
    "complexity": "a {} intervention",
    "level": "work at {} level",
    "audience_size": "a {} audience",
    "motivation": "{} motivation",
    "timescale": "a {} timescale",
    "funding": "{} funding",
}


@dataclass(frozen=True)
class PreparedCase:
    case: CaseExampleData
    methods: frozenset[str]
    approaches: frozenset[str]
    # Per part of the context: answer value -> (points, shared phrase or "").
    context: tuple[tuple[str, dict[str, tuple[float, str]]], ...]


def _closeness(part: str, answer: str, theirs: str) -> float:
    """1 for the same answer, partly for a neighbouring one (mixed motivation neighbours both)."""
    if answer == theirs:
        return 1.0
    if part == "motivation":
        return 0.5 if "mixed" in (answer, theirs) else 0.0
    scale = values_of(part)  # the questions list their values in order
    if theirs in scale and abs(scale.index(answer) - scale.index(theirs)) == 1:
        return 0.4
    return 0.0


def _context_table(case: CaseExampleData, part: str) -> dict[str, tuple[float, str]]:
    table = {}
    for value in values_of(part):
        if part == "level":
            closeness = 1.0 if value in case.levels else 0.0
        else:
            closeness = _closeness(part, value, getattr(case, part))
        phrase = CONTEXT_PHRASES[part].format(value) if closeness == 1.0 else ""
        table[value] = (CONTEXT_POINTS[part] * closeness, phrase)
    return table


def prepare_case(case: CaseExampleData, approach_of: Mapping[str, str]) -> PreparedCase:
    methods = frozenset(s.method for s in case.steps)
    return PreparedCase(
        case,
        methods,
        frozenset(approach_of[m] for m in methods if m in approach_of),
        tuple((part, _context_table(case, part)) for part in CONTEXT_POINTS),
    )


def match_case(
    prepared: PreparedCase,
    answers: Answers,
    chosen_methods: frozenset[str],
    chosen_approaches: frozenset[str],
    method_names: Mapping[str, str],
    approach_names: Mapping[str, str],
) -> MatchedCase:
    """How close a case example is to the answers and the proposed combination."""
    points = 0.0
    shared: list[str] = []
    for part, table in prepared.context:
        gained, phrase = table[getattr(answers, part)]
        points += gained
        if phrase:
            shared.append(phrase)
    common_methods = prepared.methods & chosen_methods
    common_approaches = prepared.approaches & chosen_approaches
    if prepared.methods:
        points += METHOD_POINTS * len(common_methods) / len(prepared.methods)
    if prepared.approaches:
        points += APPROACH_POINTS * len(common_approaches) / len(prepared.approaches)
    if common_methods:
        names = sorted(method_names[m] for m in common_methods)
        shared.append("also used " + words(names, last="and"))
    elif common_approaches:
        names = sorted(approach_names[a] for a in common_approaches)
        shared.append("drew on the same approaches: " + words(names, last="and").lower())
    case = prepared.case
    return MatchedCase(
        slug=case.slug,
        title=case.title,
        url=case.url,
        similarity=max(0, min(100, round(points))),
        shared=tuple(shared),
    )


# (kind, slug, condition on the answers, why it matters for them), most specific first. Missing
# slugs are skipped, so the guide's editors can retire a topic without breaking the result; the
# content health page lists any rule whose principle or topic is missing (content_checks).
GUIDANCE_RULES = (
    (
        "principle",
        "learning",
        lambda a: a.evidence in ("limited", "promising"),
        "Your evidence is not yet conclusive: keep evaluating and learning as you go.",
    ),
    (
        "topic",
        "systems-convening",
        lambda a: a.complexity == "complex",
        "Complex change needs leaders who bring people together across boundaries.",
    ),
    (
        "principle",
        "complexity",
        lambda a: a.complexity != "simple",
        "How complex the change is should shape how you spread it.",
    ),
    (
        "principle",
        "networks",
        lambda a: a.energy == "low" or a.motivation == "intrinsic",
        "Networks build the pull and peer energy that your situation needs.",
    ),
    (
        "topic",
        "push-and-pull-mindset",
        lambda a: a.energy == "low",
        "With little energy for change, draw people in rather than push the change at them.",
    ),
    (
        "topic",
        "adaptive-space",
        lambda a: a.complexity == "complex",
        "A complex intervention will need adapting locally; give people space to do it.",
    ),
    (
        "principle",
        "adopter-focus",
        lambda a: a.motivation == "intrinsic",
        "Adopters moved by purpose need to own the change, not have it done to them.",
    ),
    (
        "principle",
        "benefit",
        lambda a: a.energy != "high",
        "Leading with the benefit builds the energy for change you will need.",
    ),
    (
        "topic",
        "before-you-choose",
        lambda a: True,
        "Four things to weigh up before committing to any method.",
    ),
)
MAX_GUIDANCE = 5


def guidance(
    answers: Answers, lookup: Mapping[tuple[str, str], tuple[str, str]]
) -> tuple[Guidance, ...]:
    """``lookup``: (kind, slug) -> (title, url) for the published principles and topics."""
    out = []
    for kind, slug, applies, why in GUIDANCE_RULES:
        found = lookup.get((kind, slug))
        if found is not None and applies(answers):
            out.append(Guidance(slug=slug, title=found[0], url=found[1], why=why))
    return tuple(out[:MAX_GUIDANCE])


def guidance_lookup(snapshot: GuideSnapshot) -> dict[tuple[str, str], tuple[str, str]]:
    found = {("principle", p.slug): (p.name, p.url) for p in snapshot.principles}
    found.update({("topic", t.slug): (t.title, t.url) for t in snapshot.topics})
    return found
