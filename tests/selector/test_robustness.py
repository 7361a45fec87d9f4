"""How robustness words what it found: which changes move the top approach, and which only the
combination."""

from __future__ import annotations

from selector.answer_steps import answer_changes
from selector.robustness import assess

from .engine_support import answers

BASE = ("a", frozenset({"m1", "m2"}))


def _assessed(moves_top: int | None, moves_mix: int | None):
    given = answers()
    tried = answer_changes(given)
    keys = [(q.name, v) for q, v in tried]

    def outcome(question: str, value: str):
        if moves_top is not None and (question, value) == keys[moves_top]:
            return ("b", BASE[1])
        if moves_mix is not None and (question, value) == keys[moves_mix]:
            return ("a", frozenset({"m1"}))
        return BASE

    return assess(given, outcome, BASE), tried


def test_a_change_that_moves_only_the_combination_is_said_as_such():
    result, tried = _assessed(None, 0)
    assert result.holds == len(tried) - 1
    assert "The combination changes if" in result.sentence
    assert "The top approach changes if" not in result.sentence


def test_changes_that_move_the_top_approach_are_listed_and_the_rest_counted():
    result, tried = _assessed(1, 0)
    assert result.changes[0] in result.sentence.split("The top approach changes if")[1]
    assert result.changes[1] not in result.sentence
    assert "1 other change alters only the combination." in result.sentence
    assert f"for {len(tried) - 1} of {len(tried)}" in result.sentence


def test_nothing_moving_is_said_plainly():
    result, tried = _assessed(None, None)
    assert result.sentence == f"Holds for all {len(tried)} single answer changes."
