"""Partial fits: a recommended method whose reasons count against it is recommended only with
the risk said and what to do about it.

Every reason that takes points off a recommended method gets a caveat here, so the result never
shows a method in the plan with an objection left unanswered. The mitigation depends on the job
the method does in this plan (its function): money for a first test is found differently from
money for an incentive scheme.
"""

from __future__ import annotations

from collections.abc import Iterable

from content.snapshot import MethodData

from .answers import Answers
from .planning import (
    CAPABILITY,
    CONNECT,
    IMPLEMENTATION,
    INCENTIVISE,
    MANDATE,
    MEASURE,
    PROVE,
    SIGNAL,
)
from .recommendation import Reason
from .scoring import AUDIENCE_WORDS, words

# How to make the money go further, by the job the method does in the plan.
LESS_MONEY = {
    PROVE: "fund fewer sites at first, or find match funding before committing",
    SIGNAL: "use the channels that already exist (board papers, bulletins, networks) before "
    "paying for a campaign",
    IMPLEMENTATION: "put the paid support where adopters struggle most, and let them share "
    "what works with the rest",
    CAPABILITY: "train a first group who then teach their colleagues",
    CONNECT: "meet online and take turns to host, rather than paying for events",
    INCENTIVISE: "offer smaller payments to fewer organisations first, tied to results",
    MANDATE: "phase the requirement in, starting where the money to meet it already exists",
    MEASURE: "start with data that is already collected before building new reporting",
}
# How to do it with fewer people, by the same job.
FEWER_PEOPLE = {
    PROVE: "keep it to the sites your team can support, and widen it as local champions "
    "take on part of the work",
    SIGNAL: "ask senior leaders and existing champions to carry the message",
    IMPLEMENTATION: "support a few sites at a time, and let the first ones coach the next",
    CAPABILITY: "train trainers in the first sites so the teaching spreads without you",
    CONNECT: "share the running of it with the organisations taking part",
    INCENTIVISE: "keep the scheme simple to run, with few conditions to check",
    MANDATE: "use the assurance routines already in place rather than new inspections",
    MEASURE: "use one or two measures from existing systems rather than a new collection",
}
# What a slow method is still for, once the deadline has passed.
AFTER_DEADLINE = {
    PROVE: "count on it for the evidence the next stage needs rather than to meet the deadline",
    SIGNAL: "count on it to keep the priority visible after the deadline",
    IMPLEMENTATION: "count on it to carry the sites that have not finished by the deadline",
    CAPABILITY: "count on it to sustain the change rather than to meet the deadline",
    CONNECT: "count on it to sustain the change rather than to meet the deadline",
    INCENTIVISE: "count on it to bring in late adopters after the deadline",
    MANDATE: "count on it to bring in late adopters after the deadline",
    MEASURE: "count on it to show after the deadline whether the change is holding",
}
# How to start when there is less energy for change than the method needs, by the same job.
LOW_ENERGY = {
    PROVE: "run it first where people are keen to try it, and let their results build the case",
    SIGNAL: "pair the message with stories from the teams already seeing results",
    IMPLEMENTATION: "support the keenest teams first, and use their results to build momentum "
    "in the others",
    CAPABILITY: "start with volunteers, and let what they achieve draw the others in",
    CONNECT: "start with the teams keenest to take part, and let them draw the others in",
    INCENTIVISE: "make the first step small and the reward quick",
    MANDATE: "give time and help to meet it, or low energy turns into resistance",
    MEASURE: "share the data first with the teams keenest to improve, and show the others what "
    "it helped them do",
}
# A method relying on one kind of motivation, used on an audience moved by the other.
AGAINST_MOTIVATION = {
    "intrinsic": "link taking part to something the organisations are measured or paid on, "
    "so that it counts for them as well as feeling right",
    "extrinsic": "present it as a way to give better care, not only as a condition to meet, "
    "or it will get compliance rather than change",
}


def _money(m: MethodData, answers: Answers, function: str) -> str:
    if answers.funding == "none":
        return (
            f"It needs some money and you have none for the spread: {LESS_MONEY[function]}, and "
            "use the first results to bid for funding."
        )
    return f"It needs more money than limited funding usually covers: {LESS_MONEY[function]}."


def _people(m: MethodData, answers: Answers, function: str) -> str:
    return f"It needs more people than you have: {FEWER_PEOPLE[function]}."


def _time(m: MethodData, answers: Answers, function: str) -> str:
    return (
        "It usually takes longer than your timescale to show its full effect: "
        f"{AFTER_DEADLINE[function]}."
    )


def _level(m: MethodData, answers: Answers, function: str) -> str:
    # An activity (a lever out of reach is ruled out instead) run away from its usual level.
    return (
        f"It is usually run at {words(m.levels)} level: run it through partners there rather "
        f"than directly from the {answers.level} level."
    )


def _complexity(m: MethodData, answers: Answers, function: str) -> str:
    if answers.complexity == "complex":
        return (
            f"It is built for {words(m.complexity)} interventions and yours is complex: agree "
            "which parts must stay the same and let each place adapt the rest, and check what "
            "changes from place to place."
        )
    return (
        f"It is built for {words(m.complexity)} interventions and yours is {answers.complexity}: "
        "keep it light, and agree a standard way of doing it before it spreads."
    )


def _motivation(m: MethodData, answers: Answers, function: str) -> str:
    return (
        f"It relies on {m.motivation} motivation and your audience is moved mainly by "
        f"{answers.motivation} motivation: {AGAINST_MOTIVATION[m.motivation]}."
    )


def _energy(m: MethodData, answers: Answers, function: str) -> str:
    return (
        f"It works best where there is {m.energy} energy for change and yours is "
        f"{answers.energy}: {LOW_ENERGY[function]}."
    )


def _audience_size(m: MethodData, answers: Answers, function: str) -> str:
    sizes = words(m.audience_sizes)
    if answers.audience_size == "large":
        return (
            f"It works best with {sizes} audiences and yours is large: run it in smaller "
            "groups or waves, each with its own lead."
        )
    return (
        f"It works best with {sizes} audiences and yours is {answers.audience_size}: join "
        "forces with neighbouring areas or services so there is enough to work with."
    )


def _audience(m: MethodData, answers: Answers, function: str) -> str:
    # Only the first test reaches a plan aimed elsewhere: it is needed whoever must change.
    return (
        f"It is usually aimed at {words(m.audiences, AUDIENCE_WORDS)}, not the groups you "
        "named: bring those groups into it from the start, so it shows whether it works for them."
    )


# The questions whose reasons can count against a recommended method, in the order their
# caveats are given (resources first, then fit), and the sentence for each.
CAVEATS = {
    "funding": _money,
    "capacity": _people,
    "timescale": _time,
    "level": _level,
    "complexity": _complexity,
    "motivation": _motivation,
    "energy": _energy,
    "audience_size": _audience_size,
    "audience": _audience,
}


RESOURCES = frozenset({"funding", "capacity", "timescale"})


def caveat(
    m: MethodData,
    function: str,
    answers: Answers,
    reasons: Iterable[Reason],
    starting_small: str = "",
) -> str:
    """One sentence per reason that counts against the method, each with what to do about it.

    ``starting_small``: how a first test spared the resource rules starts within the money,
    people and time there are; it answers the resource reasons, so they add nothing more."""
    against = {r.question for r in reasons if r.effect < 0}
    if starting_small:
        against -= RESOURCES
    found = [write(m, answers, function) for q, write in CAVEATS.items() if q in against]
    return " ".join([starting_small, *found] if starting_small else found)
