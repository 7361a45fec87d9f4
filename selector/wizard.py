"""The wizard's navigation, as data: which step comes next, which is missing, where links go.

Views stay thin: they ask this module where to send the user. The step order is the order of
``QUESTIONS`` (data, not code), and the answers travel in the query string, so every function
here is a pure function of the answers given so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from .answers import (
    Answers,
    CleanAnswers,
    Query,
    _values,
    answers_to_pairs,
    answers_to_query,
    validate_partial,
)
from .paths import fixed_reverse
from .questions import QUESTION_BY_NAME, QUESTIONS, Question

STEP_NAMES: tuple[str, ...] = tuple(q.name for q in QUESTIONS)
TOTAL_STEPS = len(QUESTIONS)

# Where a "Change" link sends the user back to after a valid answer.
RETURN_PARAM = "return"
RETURN_TARGETS = ("check", "result")


def question_for(step: str) -> Question | None:
    return QUESTION_BY_NAME.get(step)


def step_number(question: Question) -> int:
    return STEP_NAMES.index(question.name) + 1


@dataclass(frozen=True)
class GivenAnswers:
    """What a query string holds: the valid answers, and the problems with the others."""

    clean: CleanAnswers
    errors: dict[str, list[str]]  # only for questions present in the query with bad values

    @property
    def dropped(self) -> list[Question]:
        """Questions whose answers in the link were not usable (shown to the user)."""
        return [q for q in QUESTIONS if q.name in self.errors]


def read_answers(query: Query) -> GivenAnswers:
    """The answers present in a query; bad ones are reported, absent ones simply skipped.

    A bad value never raises: pages treat it as unanswered and send the user to fix it.
    """
    present = [q.name for q in QUESTIONS if q.name in query]
    if not present:  # validate_partial checks every question when given no names
        return GivenAnswers({}, {})
    clean, errors = validate_partial(query, present)
    return GivenAnswers(clean, errors)


def return_target(query: Query) -> str | None:
    value = query.get(RETURN_PARAM)
    return value if value in RETURN_TARGETS else None


def is_answered(question: Question, clean: CleanAnswers) -> bool:
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


def missing_required(clean: CleanAnswers) -> list[Question]:
    return [q for q in QUESTIONS if q.required and q.name not in clean]


def first_unanswered(clean: CleanAnswers, after: str | None = None) -> Question | None:
    """The next step without an answer: first after ``after``, then from the beginning."""
    start = STEP_NAMES.index(after) + 1 if after else 0
    ordered = QUESTIONS[start:] + QUESTIONS[:start]
    return next((q for q in ordered if not is_answered(q, clean)), None)


def previous_question(question: Question) -> Question | None:
    index = STEP_NAMES.index(question.name)
    return QUESTIONS[index - 1] if index > 0 else None


# URLs: every link carries the answers so far, in canonical order.


def _with_query(
    path: str, clean: CleanAnswers, *, query: str | None = None, **extra: str | None
) -> str:
    """``query``: the answers' query string when the caller has already built it."""
    query = answers_to_query(clean) if query is None else query
    more = urlencode({k: v for k, v in extra.items() if v})
    joined = "&".join(part for part in (query, more) if part)
    return f"{path}?{joined}" if joined else path


def start_url() -> str:
    return fixed_reverse("selector:start")


def step_url(step: str, clean: CleanAnswers, return_to: str | None = None) -> str:
    return _with_query(fixed_reverse("selector:step", step), clean, **{RETURN_PARAM: return_to})


def change_urls(
    clean: CleanAnswers, return_to: str | None = None, *, query: str | None = None
) -> dict[str, str]:
    """``step_url`` for every step at once: the query is the same for all of them, so it is
    built once, and one reversed path gives the others (a result page links every step)."""
    first = STEP_NAMES[0]
    template = fixed_reverse("selector:step", first)
    with_query = _with_query(template, clean, query=query, **{RETURN_PARAM: return_to})
    head, tail = with_query.split(f"/{first}/", 1)
    return {step: f"{head}/{step}/{tail}" for step in STEP_NAMES}


def check_url(clean: CleanAnswers, *, query: str | None = None) -> str:
    return _with_query(fixed_reverse("selector:check"), clean, query=query)


def result_url(clean: CleanAnswers | Answers) -> str:
    data = clean.as_dict() if isinstance(clean, Answers) else clean
    return _with_query(fixed_reverse("selector:result"), data)


def what_if_path() -> str:
    return fixed_reverse("selector:what-if")


def answer_pairs(answers: Answers) -> list[tuple[str, str]]:
    """The answers as (name, value) pairs, for hidden inputs: a GET form drops the query string
    of its action, so the answers must travel as fields."""
    return answers_to_pairs(answers.as_dict())


def return_url(return_to: str, clean: CleanAnswers) -> str:
    return result_url(clean) if return_to == "result" else check_url(clean)


def first_step_url() -> str:
    return step_url(STEP_NAMES[0], {})


def url_after(step: str, clean: CleanAnswers, return_to: str | None) -> str:
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


def back_url(question: Question, clean: CleanAnswers, return_to: str | None) -> str:
    """The back link: where a change came from, else the previous step, else the start page."""
    if return_to:
        return return_url(return_to, clean)
    previous = previous_question(question)
    return step_url(previous.name, clean) if previous else start_url()


def fix_url(query: Query) -> str:
    """For incomplete or bad answers: the first step that needs an answer.

    Its own bad value is carried along, so the step shows the error; other bad values are
    dropped (treated as unanswered), so the user is asked for them in turn.
    """
    given = read_answers(query)
    for question in QUESTIONS:
        if question.name in given.errors:
            own = urlencode([(question.name, v) for v in _values(query, question.name)])
            carried = answers_to_query(given.clean)
            path = fixed_reverse("selector:step", question.name)
            return f"{path}?" + "&".join(p for p in (carried, own) if p)
        if question.required and question.name not in given.clean:
            return step_url(question.name, given.clean)
    return check_url(given.clean)
