"""The single answer changes worth trying: what-if offers them, robustness tries them."""

from __future__ import annotations

from content import choices

from .answers import Answers
from .questions import SINGLE_VALUE_QUESTIONS, Question

# Answers in order of "more": a step along this order is the smallest change of that answer.
SCALES: dict[str, tuple[str, ...]] = {
    "evidence": tuple(choices.Evidence.values),
    "motivation": ("extrinsic", "mixed", "intrinsic"),  # mixed sits between the two
    "spread_so_far": tuple(choices.SpreadSoFar.values),
}
UNORDERED = frozenset({"intervention", "lead"})


def answer_changes(answers: Answers, *, nearest: bool = True) -> list[tuple[Question, str]]:
    """The single answer changes worth trying: every other value of each answered question, or
    (``nearest``) only the values one step away, which is what a leader is unsure between."""
    out: list[tuple[Question, str]] = []
    for question in SINGLE_VALUE_QUESTIONS:
        current = getattr(answers, question.name)
        if not nearest:
            out.extend((question, v) for v in question.values if v != current)
            continue
        if not current or question.name in UNORDERED:
            continue
        scale = SCALES.get(question.name, question.values)
        at = scale.index(current)
        out.extend((question, scale[i]) for i in (at - 1, at + 1) if 0 <= i < len(scale))
    return out
