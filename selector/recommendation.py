"""What the engine returns: plain, immutable data that pages, the API and exports all read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from content.snapshot import ConsiderationData

from .answers import Answers

T = TypeVar("T")


def assemble(cls: type[T], *parts: Mapping[str, Any], **values: Any) -> T:
    """``cls(**values)`` for a frozen dataclass, without running its ``__init__``: the fields
    come from ``parts`` (shared mappings, read in turn) and then ``values``.

    A frozen dataclass sets each field through ``object.__setattr__``, which costs a few
    microseconds per object; the engine makes one ``ScoredMethod`` per method per
    recommendation. Between them the arguments must give every field (tests compare the
    result with the class's own constructor)."""
    made = object.__new__(cls)
    fields = made.__dict__
    for part in parts:
        fields.update(part)
    fields.update(values)
    return made


@dataclass(frozen=True)
class Reason:
    """One plain sentence saying which answer moved a score, and by how much."""

    text: str
    question: str | None  # the parameter name of the answer it refers to, if any
    effect: int  # points added (positive) or taken away (negative); 0 for a note


@dataclass(frozen=True)
class ScoredApproach:
    slug: str
    name: str
    url: str
    score: int  # 0 to 100
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class ScoredMethod:
    slug: str
    name: str
    kind: str
    approach: str  # approach slug
    approach_name: str
    url: str
    score: int  # 0 to 100
    reasons: tuple[Reason, ...]
    considerations: tuple[ConsiderationData, ...]
    recommended: bool = False  # part of the proposed combination
    role: str = ""  # what it does in this plan, in one sentence
    function: str = ""  # the spread function it fills in the plan (a choices.FUNCTION value)
    caveat: str = (
        ""  # set when a partial fit is recommended: the risk and how the plan mitigates it
    )


@dataclass(frozen=True)
class Phase:
    name: str  # e.g. "Now: prove it works"
    when: str  # "now", "next" or "later"
    methods: tuple[str, ...]  # method slugs
    concurrent: bool  # the methods of this phase run at the same time
    description: str = ""


@dataclass(frozen=True)
class MatchedCase:
    slug: str
    title: str
    url: str
    similarity: int  # 0 to 100
    shared: tuple[str, ...]  # what it has in common with the answers, in plain words


@dataclass(frozen=True)
class Guidance:
    """A principle or topic worth keeping in mind for these answers."""

    slug: str
    title: str
    url: str
    why: str


@dataclass(frozen=True)
class NotRecommended:
    """A method that a feasibility rule ruled out, with the rule's own sentence."""

    slug: str
    name: str
    approach: str  # approach slug
    url: str
    rule: str  # the rule's name, e.g. "evidence-before-scale-up"
    sentence: str  # e.g. "Needs a contract or payment lever, which a provider team does not hold."


@dataclass(frozen=True)
class Robustness:
    """How far the top approach and the combination hold when one answer changes."""

    holds: int  # answer changes under which they stay the same
    of: int  # answer changes tried
    sentence: str  # e.g. "Holds for 8 of 9 answer changes; changes if funding becomes substantial."
    changes: tuple[str, ...] = ()  # plain words for each change that alters the result


@dataclass(frozen=True)
class Recommendation:
    answers: Answers
    ready_to_spread: bool
    readiness: str  # "ready", "caution" or "not-ready"
    readiness_advice: str | None
    approaches: tuple[ScoredApproach, ...]  # all published approaches, best first
    methods: tuple[ScoredMethod, ...]  # all published methods, best first
    plan: tuple[Phase, ...]
    case_examples: tuple[MatchedCase, ...]  # best match first
    guidance: tuple[Guidance, ...] = field(default=())
    content_version: str = ""
    not_recommended: tuple[NotRecommended, ...] = ()  # considered and not recommended
    robustness: Robustness | None = None
    score_margin: int = 0  # approaches within this many points are shown as equally good

    @property
    def recommended_methods(self) -> tuple[ScoredMethod, ...]:
        return tuple(m for m in self.methods if m.recommended)
