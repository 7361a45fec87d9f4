"""The wizard's step logic, as data: which step comes next, which is missing, where links go.

Views stay thin: they ask this module where to send the user. The step order is the order of
``QUESTIONS`` (data, not code), and the answers travel in the query string, so every function
here is a pure function of the answers given so far.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.urls import reverse

from .answers import Answers, _values, answers_to_query, validate_partial
from .questions import QUESTION_BY_NAME, QUESTIONS, Question
from .recommendation import Recommendation, ScoredMethod

STEP_NAMES: tuple[str, ...] = tuple(q.name for q in QUESTIONS)
TOTAL_STEPS = len(QUESTIONS)

# Where a "Change" link sends the user back to after a valid answer.
RETURN_PARAM = "return"
RETURN_TARGETS = ("check", "result")

Clean = dict[str, object]


def question_for(step: str) -> Question | None:
    return QUESTION_BY_NAME.get(step)


def step_number(question: Question) -> int:
    return STEP_NAMES.index(question.name) + 1


@dataclass(frozen=True)
class GivenAnswers:
    """What a query string holds: the valid answers, and the problems with the others."""

    clean: Clean
    errors: dict[str, list[str]]  # only for questions present in the query with bad values

    @property
    def dropped(self) -> list[Question]:
        """Questions whose answers in the link were not usable (shown to the user)."""
        return [q for q in QUESTIONS if q.name in self.errors]


def read_answers(query: Mapping[str, Sequence[str]] | object) -> GivenAnswers:
    """The answers present in a query; bad ones are reported, absent ones simply skipped.

    A bad value never raises: pages treat it as unanswered and send the user to fix it.
    """
    present = [q.name for q in QUESTIONS if q.name in query]  # type: ignore[operator]
    if not present:  # validate_partial checks every question when given no names
        return GivenAnswers({}, {})
    clean, errors = validate_partial(query, present)
    return GivenAnswers(clean, errors)


def return_target(query: Mapping[str, str] | object) -> str | None:
    value = query.get(RETURN_PARAM)  # type: ignore[attr-defined]
    return value if value in RETURN_TARGETS else None


def is_answered(question: Question, clean: Mapping[str, object]) -> bool:
    """Required questions need a value; the optional one counts once the user has gone past it.

    Choosing nothing for the optional question leaves no trace in the query string, so having
    answered any later question is the evidence that the user saw it.
    """
    if question.name in clean and clean[question.name] not in ((), [], ""):
        return True
    if question.required:
        return False
    later = STEP_NAMES[STEP_NAMES.index(question.name) + 1 :]
    return any(name in clean for name in later)


def missing_required(clean: Mapping[str, object]) -> list[Question]:
    return [q for q in QUESTIONS if q.required and q.name not in clean]


def first_unanswered(clean: Mapping[str, object], after: str | None = None) -> Question | None:
    """The next step without an answer: first after ``after``, then from the beginning."""
    start = STEP_NAMES.index(after) + 1 if after else 0
    ordered = QUESTIONS[start:] + QUESTIONS[:start]
    return next((q for q in ordered if not is_answered(q, clean)), None)


def previous_question(question: Question) -> Question | None:
    index = STEP_NAMES.index(question.name)
    return QUESTIONS[index - 1] if index > 0 else None


# URLs: every link carries the answers so far, in canonical order.


def _with_query(path: str, clean: Mapping[str, object], **extra: str | None) -> str:
    query = answers_to_query(clean)
    more = urlencode({k: v for k, v in extra.items() if v})
    joined = "&".join(part for part in (query, more) if part)
    return f"{path}?{joined}" if joined else path


def start_url() -> str:
    return reverse("selector:start")


def step_url(step: str, clean: Mapping[str, object], return_to: str | None = None) -> str:
    return _with_query(reverse("selector:step", args=[step]), clean, **{RETURN_PARAM: return_to})


def change_urls(clean: Mapping[str, object], return_to: str | None = None) -> dict[str, str]:
    """``step_url`` for every step at once: the query is the same for all of them, so it is
    built once, and one reversed path gives the others (a result page links every step)."""
    first = STEP_NAMES[0]
    template = reverse("selector:step", args=[first])
    with_query = _with_query(template, clean, **{RETURN_PARAM: return_to})
    head, tail = with_query.split(f"/{first}/", 1)
    return {step: f"{head}/{step}/{tail}" for step in STEP_NAMES}


def check_url(clean: Mapping[str, object]) -> str:
    return _with_query(reverse("selector:check"), clean)


def result_url(clean: Mapping[str, object] | Answers) -> str:
    data = clean.as_dict() if isinstance(clean, Answers) else clean
    return _with_query(reverse("selector:result"), data)


def what_if_path() -> str:
    return reverse("selector:what-if")


def answer_pairs(answers: Answers) -> list[tuple[str, str]]:
    """The answers as (name, value) pairs, for hidden inputs: a GET form drops the query string
    of its action, so the answers must travel as fields."""
    return parse_qsl(answers.to_query())


def return_url(return_to: str, clean: Mapping[str, object]) -> str:
    return result_url(clean) if return_to == "result" else check_url(clean)


def first_step_url() -> str:
    return step_url(STEP_NAMES[0], {})


def url_after(step: str, clean: Mapping[str, object], return_to: str | None) -> str:
    """Where a valid answer to ``step`` sends the user.

    Back to the check page or result when changing an answer (if nothing required is missing),
    otherwise to the next unanswered step, and to the check page once every step is answered.
    """
    if return_to and not missing_required(clean):
        return return_url(return_to, clean)
    following = first_unanswered(clean, after=step)
    if following is not None:
        return step_url(following.name, clean, return_to)
    return check_url(clean)


def back_url(question: Question, clean: Mapping[str, object], return_to: str | None) -> str:
    """The back link: where a change came from, else the previous step, else the start page."""
    if return_to:
        return return_url(return_to, clean)
    previous = previous_question(question)
    return step_url(previous.name, clean) if previous else start_url()


def fix_url(query: Mapping[str, Sequence[str]] | object) -> str:
    """For incomplete or bad answers: the first step that needs an answer.

    Its own bad value is carried along, so the step shows the error; other bad values are
    dropped (treated as unanswered), so the user is asked for them in turn.
    """
    given = read_answers(query)
    for question in QUESTIONS:
        if question.name in given.errors:
            own = urlencode([(question.name, v) for v in _values(query, question.name)])
            carried = answers_to_query(given.clean)
            path = reverse("selector:step", args=[question.name])
            return f"{path}?" + "&".join(p for p in (carried, own) if p)
        if question.required and question.name not in given.clean:
            return step_url(question.name, given.clean)
    return check_url(given.clean)


# The check-your-answers page.


@dataclass(frozen=True)
class CheckRow:
    question: Question
    answer: str | None  # None when not answered yet
    change_url: str


def check_rows(clean: Mapping[str, object]) -> list[CheckRow]:
    rows = []
    for question in QUESTIONS:
        value = clean.get(question.name)
        if question.multiple:
            answered = is_answered(question, clean)
            labels = [question.label_for(v) for v in (value or ())]  # type: ignore[union-attr]
            text = ", ".join(labels) or ("None chosen" if answered else None)
        else:
            text = question.label_for(value) if value else None  # type: ignore[arg-type]
        rows.append(CheckRow(question, text, step_url(question.name, clean, "check")))
    return rows


# What if: one answer changed, and what moves.


@dataclass(frozen=True)
class ApproachMove:
    slug: str
    name: str
    url: str
    rank_before: int
    rank_after: int
    score_before: int
    score_after: int

    @property
    def score_change(self) -> int:
        return self.score_after - self.score_before

    @property
    def rank_change(self) -> int:
        """Positive when the approach moves up the ranking."""
        return self.rank_before - self.rank_after


READINESS_LABELS = {
    "ready": "Ready to spread",
    "caution": "Spread with caution",
    "not-ready": "Not ready to spread yet",
}


@dataclass(frozen=True)
class WhatIfSide:
    heading: str
    recommendation: Recommendation
    changed: frozenset[str]  # slugs of methods that join (after) or leave (before)
    change_word: str

    @property
    def readiness(self) -> str:
        value = self.recommendation.readiness
        return READINESS_LABELS.get(value, value)


@dataclass(frozen=True)
class WhatIf:
    question: Question
    value_before: str
    value_after: str
    before: Recommendation
    after: Recommendation
    approaches: tuple[ApproachMove, ...]  # in the order of the new ranking
    methods_in: tuple[ScoredMethod, ...]  # join the combination
    methods_out: tuple[ScoredMethod, ...]  # leave the combination
    methods_kept: tuple[ScoredMethod, ...]

    @property
    def label_before(self) -> str:
        return self.question.label_for(self.value_before)

    @property
    def label_after(self) -> str:
        return self.question.label_for(self.value_after)

    @property
    def readiness_changed(self) -> bool:
        return self.before.readiness != self.after.readiness

    @property
    def readiness_before(self) -> str:
        return READINESS_LABELS.get(self.before.readiness, self.before.readiness)

    @property
    def readiness_after(self) -> str:
        return READINESS_LABELS.get(self.after.readiness, self.after.readiness)

    @property
    def sides(self) -> tuple[WhatIfSide, WhatIfSide]:
        """The two columns shown side by side: as answered, and with the one answer changed."""
        name = self.question.short_label.lower()
        return (
            WhatIfSide(
                f"Now: {name} {self.label_before.lower()}",
                self.before,
                frozenset(m.slug for m in self.methods_out),
                "leaves",
            ),
            WhatIfSide(
                f"If {name} were {self.label_after.lower()}",
                self.after,
                frozenset(m.slug for m in self.methods_in),
                "joins",
            ),
        )

    @property
    def anything_moved(self) -> bool:
        return bool(
            self.methods_in
            or self.methods_out
            or self.readiness_changed
            or any(m.score_change or m.rank_change for m in self.approaches)
        )


def compare(
    question: Question, value: str, before: Recommendation, after: Recommendation
) -> WhatIf:
    old_rank = {a.slug: (i, a) for i, a in enumerate(before.approaches, start=1)}
    moves = []
    for rank, approach in enumerate(after.approaches, start=1):
        was_rank, was = old_rank.get(approach.slug, (rank, approach))
        moves.append(
            ApproachMove(
                approach.slug,
                approach.name,
                approach.url,
                was_rank,
                rank,
                was.score,
                approach.score,
            )
        )
    old = {m.slug for m in before.recommended_methods}
    new = {m.slug for m in after.recommended_methods}
    return WhatIf(
        question=question,
        value_before=str(getattr(before.answers, question.name)),
        value_after=value,
        before=before,
        after=after,
        approaches=tuple(moves),
        methods_in=tuple(m for m in after.recommended_methods if m.slug not in old),
        methods_out=tuple(m for m in before.recommended_methods if m.slug not in new),
        methods_kept=tuple(m for m in after.recommended_methods if m.slug in old),
    )


# The phased plan, with each slug resolved to its scored method for display.


@dataclass(frozen=True)
class PlanPhase:
    number: int
    name: str
    when: str
    concurrent: bool
    description: str
    methods: tuple[ScoredMethod, ...]


def plan_phases(recommendation: Recommendation) -> list[PlanPhase]:
    by_slug = {m.slug: m for m in recommendation.methods}
    return [
        PlanPhase(
            number=i,
            name=phase.name,
            when=phase.when,
            concurrent=phase.concurrent,
            description=phase.description,
            methods=tuple(by_slug[s] for s in phase.methods if s in by_slug),
        )
        for i, phase in enumerate(recommendation.plan, start=1)
    ]
