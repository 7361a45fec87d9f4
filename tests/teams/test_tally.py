"""The disagreement rule and the team answer, on plain data."""

from __future__ import annotations

from selector.questions import QUESTION_BY_NAME
from teams.tally import Response, tally, tally_question, team_answers

FUNDING = QUESTION_BY_NAME["funding"]  # ordered: none, limited, substantial
MOTIVATION = QUESTION_BY_NAME["motivation"]  # unordered: extrinsic, intrinsic, mixed
AUDIENCE = QUESTION_BY_NAME["audience"]  # several choices


def answers(question, *values, comment=""):
    return [Response(i, "", question.name, v, comment) for i, v in enumerate(values)]


def test_a_clear_majority_is_not_flagged_and_is_the_team_answer():
    t = tally_question(FUNDING, answers(FUNDING, "limited", "limited", "none"))
    assert not t.contested
    assert t.computed == "limited"


def test_no_majority_is_flagged():
    t = tally_question(MOTIVATION, answers(MOTIVATION, "extrinsic", "intrinsic", "mixed"))
    assert t.contested
    assert "no answer has a majority" in t.why.lower()


def test_an_even_split_has_no_majority():
    t = tally_question(MOTIVATION, answers(MOTIVATION, "extrinsic", "intrinsic"))
    assert t.contested


def test_answers_two_steps_apart_on_a_scale_are_flagged_even_with_a_majority():
    t = tally_question(FUNDING, answers(FUNDING, "none", "none", "substantial"))
    assert t.contested
    assert "none" in t.why and "substantial" in t.why
    assert t.computed == "none"


def test_answers_one_step_apart_with_a_majority_are_not_flagged():
    t = tally_question(FUNDING, answers(FUNDING, "none", "none", "limited"))
    assert not t.contested


def test_the_step_rule_does_not_apply_to_unordered_options():
    # extrinsic and mixed are first and last in the list but not ends of a scale
    t = tally_question(MOTIVATION, answers(MOTIVATION, "extrinsic", "extrinsic", "mixed"))
    assert not t.contested


def test_the_team_answer_on_a_scale_is_the_median():
    t = tally_question(
        FUNDING, answers(FUNDING, "none", "substantial", "substantial", "limited", "none")
    )
    assert t.computed == "limited"


def test_with_an_even_count_the_median_is_the_lower_middle_answer():
    t = tally_question(FUNDING, answers(FUNDING, "none", "limited", "substantial", "substantial"))
    assert t.computed == "limited"


def test_the_team_answer_on_unordered_options_is_the_most_common_first_listed_on_a_tie():
    t = tally_question(MOTIVATION, answers(MOTIVATION, "mixed", "intrinsic"))
    assert t.computed == "intrinsic"


def test_skips_are_counted_apart_and_do_not_vote():
    t = tally_question(FUNDING, answers(FUNDING, "none", None, None))
    assert (t.answered, t.skipped) == (1, 2)
    assert t.computed == "none"
    assert not t.contested


def test_nobody_answering_leaves_no_team_answer():
    t = tally_question(FUNDING, answers(FUNDING, None))
    assert t.computed is None and not t.contested


def test_counts_list_every_option_in_order_with_zeros():
    t = tally_question(FUNDING, answers(FUNDING, "none", "none"))
    assert [(c.value, c.count) for c in t.counts] == [
        ("none", 2),
        ("limited", 0),
        ("substantial", 0),
    ]


def test_a_stored_value_no_longer_valid_counts_as_skipped():
    t = tally_question(FUNDING, answers(FUNDING, "lots", "none"))
    assert (t.answered, t.skipped) == (1, 1)


def test_several_choices_team_answer_is_what_more_than_half_chose():
    t = tally_question(
        AUDIENCE,
        answers(AUDIENCE, ("clinicians",), ("clinicians", "managers"), ("clinicians",), ()),
    )
    assert t.computed == ("clinicians",)


def test_several_choices_flag_an_option_chosen_by_a_third_to_two_thirds():
    t = tally_question(AUDIENCE, answers(AUDIENCE, ("clinicians",), ("managers",)))
    assert t.contested
    assert "Clinicians" in t.why


def test_several_choices_agreed_when_everyone_chose_the_same():
    t = tally_question(
        AUDIENCE, answers(AUDIENCE, ("clinicians",), ("clinicians",), ("clinicians",))
    )
    assert not t.contested


def test_distinct_answers_given_are_counted_most_common_first():
    t = tally_question(FUNDING, answers(FUNDING, "none", "substantial", "none"))
    assert t.given == (("none", 2), ("substantial", 1))


def test_comments_keep_the_answer_they_were_given_with():
    rows = [Response(1, "Asha", "funding", "none", "Budget is frozen")]
    t = tally_question(FUNDING, rows)
    assert [(c.name, c.answer, c.text) for c in t.comments] == [
        ("Asha", "None", "Budget is frozen")
    ]


def test_the_lead_override_replaces_the_rule_answer_and_keeps_it_for_reference():
    tallies = tally(answers(FUNDING, "none", "none"))
    chosen = {
        a.question.name: a
        for a in team_answers(tallies, {"funding": {"value": "limited", "reason": "Bid approved"}})
    }
    assert chosen["funding"].value == "limited"
    assert chosen["funding"].computed == "none"
    assert chosen["funding"].overridden and chosen["funding"].reason == "Bid approved"


def test_an_override_with_an_impossible_value_is_ignored():
    tallies = tally(answers(FUNDING, "none"))
    chosen = {a.question.name: a for a in team_answers(tallies, {"funding": {"value": "lots"}})}
    assert chosen["funding"].value == "none" and not chosen["funding"].overridden
