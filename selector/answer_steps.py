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


def _nearest(question: Question, current: str) -> tuple[str, ...]:
    if not current or question.name in UNORDERED:
        return ()
    scale = SCALES.get(question.name, question.values)
    at = scale.index(current)
    return tuple(scale[i] for i in (at - 1, at + 1) if 0 <= i < len(scale))


# question -> current answer -> the values one step away, worked out once (robustness asks for
# them on every recommendation).
_NEAREST: tuple[tuple[Question, dict[str, tuple[str, ...]]], ...] = tuple(
    (q, {v: _nearest(q, v) for v in ("", *q.values)}) for q in SINGLE_VALUE_QUESTIONS
)


def answer_changes(answers: Answers, *, nearest: bool = True) -> list[tuple[Question, str]]:
    """The single answer changes worth trying: every other value of each answered question, or
    (``nearest``) only the values one step away, which is what a leader is unsure between."""
    out: list[tuple[Question, str]] = []
    for question, steps in _NEAREST:
        current = getattr(answers, question.name)
        if not nearest:
            out.extend((question, v) for v in question.values if v != current)
            continue
        found = steps.get(current)
        if found is None:
            found = _nearest(question, current)
        out.extend((question, v) for v in found)
    return out
