"""Answers: a changed copy keeps everything else and refuses a question that does not exist."""

from __future__ import annotations

import pytest

from selector.answers import Answers

from .engine_support import answers

BASE = answers(audience=("clinicians",), lead="network", funding="limited")


def test_a_replaced_answer_changes_only_that_answer():
    changed = BASE.replace(funding="none")
    assert changed.funding == "none"
    assert changed.as_dict() == {**BASE.as_dict(), "funding": "none"}
    assert BASE.funding == "limited"


def test_a_replaced_copy_equals_and_hashes_as_one_built_directly():
    changed = BASE.replace(capacity="limited")
    built = Answers(**{**BASE.__dict__, "capacity": "limited"})
    assert changed == built and hash(changed) == hash(built)


def test_replacing_an_unknown_question_is_an_error():
    with pytest.raises(TypeError, match="colour"):
        BASE.replace(colour="blue")


def test_a_replaced_copy_stays_frozen():
    with pytest.raises(AttributeError):
        BASE.replace(level="local").level = "national"  # type: ignore[misc]
