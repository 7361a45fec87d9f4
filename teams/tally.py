"""Where a team agrees: counts per answer, the disagreement rule and the team's answer.

Plain Python over plain data (no database, no request), so every rule here is tested directly.

The rule, as the lead page states it (``DISAGREEMENT_RULE``): a question is contested when no
answer is given by more than half of those who answered it, or, on a question whose options run
from low to high, when the answers given are two or more steps apart (say "none" and
"substantial" funding). On a question with several choices, it is contested when some option is
chosen by more than a third and fewer than two thirds of those who answered.

The team's answer is the median on an ordered question (the lower middle one when the count is
even), the most common answer on an unordered one (ties go to the option listed first), and on a
several-choices question the options chosen by more than half.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from selector.questions import QUESTIONS, Question

Value = str | tuple[str, ...]

# Questions whose options are listed from least to most (or the reverse): a step apart is a
# small difference, two steps apart a real one. A question not named here is treated as having
# unordered options, so a question added later is never misread as a scale.
ORDERED_QUESTIONS = frozenset(
    {
        "evidence",
        "complexity",
        "level",
        "audience_size",
        "energy",
        "timescale",
        "funding",
        "capacity",
        # Scales among the questions the engine work adds, named so they count as scales as
        # soon as they exist (a name with no question is never looked up).
        "spread_so_far",
        "setting_complexity",
    }
)
STEPS_APART = 2
SPLIT_LOW, SPLIT_HIGH = Fraction(1, 3), Fraction(2, 3)

DISAGREEMENT_RULE = (
    "A question is flagged when no answer was given by more than half of the people who "
    "answered it, or, where the options run from low to high, when answers are two or more "
    "steps apart. Where several options can be chosen, it is flagged when an option was chosen "
    "by more than a third but fewer than two thirds of them. Skipped questions do not count."
)
TEAM_ANSWER_RULE = (
    "The team answer is the middle answer (the median) where the options run from low to high, "
    "the most common answer otherwise, and, where several options can be chosen, every option "
    "chosen by more than half. You can set a different answer, with a reason."
)


@dataclass(frozen=True)
class Response:
    """One member's answer to one question, as stored (``value`` None: skipped)."""

    member_id: int
    name: str
    question: str
    value: Value | None
    comment: str = ""


@dataclass(frozen=True)
class Count:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Comment:
    name: str
    answer: str
    text: str


@dataclass(frozen=True)
class QuestionTally:
    question: Question
    counts: tuple[Count, ...]  # every option, in the question's order, zeros included
    answered: int
    skipped: int
    contested: bool
    why: str  # why it is flagged, in words ("" when not)
    computed: Value | None  # the team answer by the rule (None: nobody answered)
    given: tuple[tuple[Value, int], ...]  # each distinct answer given and how many gave it
    comments: tuple[Comment, ...]

    @property
    def ordered(self) -> bool:
        return self.question.name in ORDERED_QUESTIONS

    @property
    def max_count(self) -> int:
        return max((c.count for c in self.counts), default=0)


def value_label(question: Question, value: Value | None) -> str:
    if value is None:
        return "No answer"
    if isinstance(value, tuple):
        return ", ".join(question.label_for(v) for v in value) or "None of these"
    return question.label_for(value)


@cache
def _position(question: Question) -> dict[str, int]:
    """Each option's place in the question's list (tallies look this up for every answer)."""
    return {value: i for i, value in enumerate(question.values)}


def clean_value(question: Question, raw: object) -> Value | None:
    """A stored value as the questions take it; anything no longer valid counts as skipped."""
    if raw is None:
        return None
    if question.multiple:
        if not isinstance(raw, (list, tuple)):
            return None
        return tuple(v for v in question.values if v in raw)
    return raw if isinstance(raw, str) and raw in _position(question) else None


def _median(question: Question, values: Sequence[str]) -> str:
    place = _position(question)
    positions = sorted(place[v] for v in values)
    return question.values[positions[(len(positions) - 1) // 2]]


def _most_common(question: Question, values: Sequence[str]) -> str:
    counts = Counter(values)
    place = _position(question)
    return min(counts, key=lambda v: (-counts[v], place[v]))


def _single(question: Question, values: list[str]) -> tuple[tuple[Count, ...], bool, str, str]:
    counts = Counter(values)
    rows = tuple(Count(o.value, o.label, counts[o.value]) for o in question.options)
    n = len(values)
    top = max(counts.values())
    reasons = []
    if top * 2 <= n:
        reasons.append("no answer has a majority")
    if question.name in ORDERED_QUESTIONS:
        positions = [_position(question)[v] for v in counts]
        if max(positions) - min(positions) >= STEPS_APART:
            low, high = question.values[min(positions)], question.values[max(positions)]
            reasons.append(
                f"answers run from {question.label_for(low).lower()} "
                f"to {question.label_for(high).lower()}"
            )
        team = _median(question, values)
    else:
        team = _most_common(question, values)
    why = "; ".join(reasons)
    return rows, bool(reasons), why[:1].upper() + why[1:], team


def _several(
    question: Question, values: list[tuple[str, ...]]
) -> tuple[tuple[Count, ...], bool, str, tuple[str, ...]]:
    n = len(values)
    counts = Counter(v for chosen in values for v in chosen)
    rows = tuple(Count(o.value, o.label, counts[o.value]) for o in question.options)
    split = [o for o in question.options if SPLIT_LOW < Fraction(counts[o.value], n) < SPLIT_HIGH]
    why = ""
    if split:
        names = ", ".join(o.label for o in split)
        why = f"The group is split on: {names}"
    team = tuple(v for v in question.values if counts[v] * 2 > n)
    return rows, bool(split), why, team


def tally_question(question: Question, responses: Iterable[Response]) -> QuestionTally:
    mine = [r for r in responses if r.question == question.name]
    given = [(r, clean_value(question, r.value)) for r in mine]
    answered = [(r, v) for r, v in given if v is not None]
    values = [v for _, v in answered]
    comments = tuple(
        Comment(r.name, value_label(question, v) if v is not None else "Skipped", r.comment)
        for r, v in given
        if r.comment.strip()
    )
    distinct = Counter(values)
    order = sorted(distinct, key=lambda v: -distinct[v])
    if not values:
        counts = tuple(Count(o.value, o.label, 0) for o in question.options)
        return QuestionTally(question, counts, 0, len(given), False, "", None, (), comments)
    team: Value
    if question.multiple:
        counts, contested, why, team = _several(question, values)  # type: ignore[arg-type]
    else:
        counts, contested, why, team = _single(question, values)  # type: ignore[arg-type]
    return QuestionTally(
        question=question,
        counts=counts,
        answered=len(values),
        skipped=len(given) - len(values),
        contested=contested,
        why=why,
        computed=team,
        given=tuple((v, distinct[v]) for v in order),
        comments=comments,
    )


def tally(responses: Sequence[Response]) -> tuple[QuestionTally, ...]:
    """A tally for every question, in the wizard's order."""
    by_question: dict[str, list[Response]] = {}
    for response in responses:
        by_question.setdefault(response.question, []).append(response)
    return tuple(tally_question(q, by_question.get(q.name, ())) for q in QUESTIONS)


@dataclass(frozen=True)
class TeamAnswer:
    question: Question
    value: Value | None
    computed: Value | None
    overridden: bool
    reason: str

    @property
    def label(self) -> str:
        return value_label(self.question, self.value)

    @property
    def computed_label(self) -> str:
        return value_label(self.question, self.computed)


def team_answers(
    tallies: Sequence[QuestionTally], overrides: Mapping[str, Mapping[str, object]]
) -> tuple[TeamAnswer, ...]:
    """The answer set to plan with: the rule's answer, or the lead's where they set one."""
    out = []
    for t in tallies:
        override = overrides.get(t.question.name)
        chosen = clean_value(t.question, override.get("value")) if override else None
        if override and (chosen is not None):
            reason = str(override.get("reason", ""))
            out.append(TeamAnswer(t.question, chosen, t.computed, True, reason))
        else:
            out.append(TeamAnswer(t.question, t.computed, t.computed, False, ""))
    return tuple(out)


def answer_data(answers: Sequence[TeamAnswer]) -> dict[str, list[str]]:
    """The team answers as a query-like mapping (lists for every value) for ``parse_answers``."""
    data: dict[str, list[str]] = {}
    for a in answers:
        if a.value is None:
            if a.question.multiple:
                data[a.question.name] = []
            continue
        data[a.question.name] = list(a.value) if isinstance(a.value, tuple) else [a.value]
    return data
