"""What a disagreement changes: the team recommendation re-run under each answer given."""

from __future__ import annotations

import pytest

from content.snapshot import get_snapshot
from selector.questions import QUESTIONS
from teams.outcomes import as_answers, disagreements
from teams.tally import Response, tally, team_answers

from .support import TYPICAL, split_questions, three_members


def responses(member_answers: list[dict]) -> list[Response]:
    return [
        Response(i, "", q, value)
        for i, answers in enumerate(member_answers)
        for q, value in answers.items()
    ]


@pytest.fixture
def report(db):
    changing, stable = split_questions()
    tallies = tally(responses(three_members(changing, stable)))
    chosen = team_answers(tallies, {})
    answers = as_answers(chosen)
    _rec, found = disagreements(answers, chosen, tallies, get_snapshot())
    return changing, stable, {d.tally.question.name: d for d in found}


def test_only_contested_questions_are_examined(report):
    changing, stable, found = report
    assert set(found) == {changing, stable}


def test_a_split_that_moves_the_top_approach_changes_the_plan(report):
    changing, _stable, found = report
    assert found[changing].changes_plan
    assert found[changing].changes_top_approach
    assert "the top approach becomes" in found[changing].outcome


def test_a_split_that_moves_nothing_does_not_change_the_plan(report):
    _changing, stable, found = report
    assert not found[stable].changes_plan
    assert found[stable].outcome.endswith("stay the same.")


def test_each_other_answer_given_is_tried_once_and_counted(report):
    changing, _stable, found = report
    alternatives = found[changing].alternatives
    assert len(alternatives) == 2  # low and high; the middle one is the team answer
    assert all(a.count == 1 for a in alternatives)
    assert TYPICAL[changing] not in {a.value for a in alternatives}


def test_without_every_required_team_answer_there_is_no_recommendation(db):
    only_one = [Response(1, "", QUESTIONS[0].name, QUESTIONS[0].values[0])]
    assert as_answers(team_answers(tally(only_one), {})) is None


def test_method_names_keep_their_capitals_in_the_sentences():
    from teams.outcomes import Alternative

    alt = Alternative("x", "X", 1, "Top", False, ("Leadership support",), ())
    assert alt.sentence == "Leadership support join the methods."
    moved = Alternative("x", "X", 1, "Network", True, (), ("Honest broker",))
    assert moved.sentence == "The top approach becomes Network; Honest broker leave the methods."
