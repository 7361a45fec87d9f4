"""How far a recommendation holds: the same one-answer changes the what-if page offers, each
re-run through the engine's core, and which of them would change the top approach or the
combination.

The core reuses the engine's prepared tables and skips everything only a page needs (reasons,
case examples, guidance), so trying every change costs a fraction of a millisecond.
"""

from __future__ import annotations

from collections.abc import Callable

from .answer_steps import answer_changes
from .answers import Answers
from .questions import Question
from .recommendation import Robustness
from .scoring import SCORE_MARGIN

Outcome = tuple[str, frozenset[str]]  # (top approach slug, recommended method slugs)


def assess(answers: Answers, outcome: Callable[[str, str], Outcome], base: Outcome) -> Robustness:
    """Try each single answer change; ``holds`` counts those that leave both the top approach
    (still first, or within the score margin of the first) and the combination as they are. Changes that move the top approach are listed first.

    ``outcome(question name, value)``: the outcome of ``answers`` with that one answer changed.
    """
    top_moves: list[str] = []
    mix_moves: list[str] = []
    tried = answer_changes(answers)
    for question, value in tried:
        top, combination = outcome(question.name, value)
        if top != base[0]:
            top_moves.append(_change(question, value))
        elif combination != base[1]:
            mix_moves.append(_change(question, value))
    changes = top_moves + mix_moves
    holds = len(tried) - len(changes)
    return Robustness(
        holds=holds,
        of=len(tried),
        sentence=_sentence(holds, len(tried) - len(top_moves), changes),
        changes=tuple(changes),
    )


def _change(question: Question, value: str) -> str:
    return f"{question.short_label.lower()} becomes {question.label_for(value).lower()}"


MAX_LISTED = 3


def _sentence(holds: int, top_holds: int, changes: list[str]) -> str:
    total = holds + len(changes)
    if not total:
        return "There are no single answer changes to try."
    if not changes:
        return f"Holds for all {total} single answer changes."
    listed = "; ".join(changes[:MAX_LISTED])
    more = len(changes) - MAX_LISTED
    tail = f"; and {more} more" if more > 0 else ""
    return (
        f"The top approach holds (it stays first, or within {SCORE_MARGIN} points of the first) "
        f"for {top_holds} of {total} single answer changes, the whole "
        f"combination for {holds}; it changes if {listed}{tail}."
    )
