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
        sentence=_sentence(holds, len(tried), top_moves, mix_moves),
        changes=tuple(changes),
    )


def _change(question: Question, value: str) -> str:
    return f"{question.short_label.lower()} becomes {question.label_for(value).lower()}"


MAX_LISTED = 3


def _listed(changes: list[str]) -> str:
    more = len(changes) - MAX_LISTED
    return "; ".join(changes[:MAX_LISTED]) + (f"; and {more} more" if more > 0 else "")


def _sentence(holds: int, total: int, top_moves: list[str], mix_moves: list[str]) -> str:
    if not total:
        return "There are no single answer changes to try."
    if not top_moves and not mix_moves:
        return f"Holds for all {total} single answer changes."
    # Staying within the margin of the first is what "holds" means for the top approach: the
    # order inside the margin is noise (see SCORE_SCALE).
    opening = (
        f"The top approach stays within {SCORE_MARGIN} points of the first for "
        f"{total - len(top_moves)} of {total} single answer changes; the whole combination "
        f"holds for {holds}."
    )
    if not top_moves:
        return f"{opening} The combination changes if {_listed(mix_moves)}."
    rest = len(mix_moves)
    tail = (
        f" {rest} other {'change alters' if rest == 1 else 'changes alter'} only the combination."
    )
    return f"{opening} The top approach changes if {_listed(top_moves)}.{tail if rest else ''}"
