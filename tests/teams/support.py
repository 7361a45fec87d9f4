"""Helpers for the team tests: answer sets, and questions whose split does or does not matter.

Which disagreements change the plan depends on the guide, so the tests ask the engine rather
than hard-coding a question: for a question whose middle option is the typical answer, three
members answering low, middle and high is a disagreement (no majority) whose team answer is the
typical one; the engine says whether the low or high answer changes the plan.
"""

from __future__ import annotations

from selector.engine import recommend_for
from selector.questions import SINGLE_VALUE_QUESTIONS
from selector.scenarios import TYPICAL_ANSWERS
from teams.tally import ORDERED_QUESTIONS

TYPICAL = {
    k: (tuple(v) if isinstance(v, list) else v) for k, v in TYPICAL_ANSWERS.as_dict().items()
}


def _effects(question) -> tuple[bool, bool]:
    """(the top approach changes, anything changes) under the question's other answers."""
    base = recommend_for(TYPICAL_ANSWERS)
    methods = {m.slug for m in base.recommended_methods}
    top = anything = False
    for value in question.values:
        if value == TYPICAL[question.name]:
            continue
        after = recommend_for(TYPICAL_ANSWERS.replace(**{question.name: value}))
        top = top or after.approaches[0].slug != base.approaches[0].slug
        anything = anything or top or {m.slug for m in after.recommended_methods} != methods
    return top, anything


def split_questions() -> tuple[str, str]:
    """(a question whose three-way split changes the top approach, one whose split changes
    nothing), both with the typical answer in the middle of their scale."""
    changing = stable = None
    for q in SINGLE_VALUE_QUESTIONS:
        if q.name not in ORDERED_QUESTIONS or len(q.values) != 3:
            continue
        if q.values[1] != TYPICAL[q.name]:
            continue
        top, anything = _effects(q)
        if top and changing is None:
            changing = q.name
        if not anything and stable is None:
            stable = q.name
    assert changing and stable, "the guide no longer has both kinds of question to test with"
    return changing, stable


def three_members(changing: str, stable: str) -> list[dict]:
    """Answers for three members who split low / middle / high on both questions."""
    by_name = {q.name: q for q in SINGLE_VALUE_QUESTIONS}
    out = []
    for i in range(3):
        answers = dict(TYPICAL)
        answers[changing] = by_name[changing].values[i]
        answers[stable] = by_name[stable].values[i]
        out.append(answers)
    return out
