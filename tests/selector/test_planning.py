"""The plan's size and jobs are cached by the answers they depend on, folded together where
``jobs_for`` and ``plan_size`` treat them alike: the fold must never change a plan."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from selector.answers import Answers
from selector.planning import Pick, _build_plan, _step, choose, plan_for_key, plan_key
from selector.questions import QUESTION_BY_NAME

from .engine_support import answers, full_answer_sets, method

READ = (
    "evidence",
    "spread_so_far",
    "audience_size",
    "level",
    "motivation",
    "funding",
    "complexity",
    "setting_complexity",
    "capacity",
    "intervention",
)
OTHERS = dict(energy="moderate", timescale="medium")


def _values(name: str) -> tuple[str, ...]:
    question = QUESTION_BY_NAME[name]
    return question.values if question.required else ("", *question.values)


def test_every_combination_of_the_answers_a_plan_reads_gets_the_plan_built_for_it():
    mismatches = []
    for values in itertools.product(*(_values(name) for name in READ)):
        answers = Answers(**dict(zip(READ, values, strict=True)), **OTHERS)
        if plan_for_key(plan_key(answers)) != _build_plan(answers):
            mismatches.append(answers)
    assert mismatches == []


@settings(max_examples=300, deadline=None)
@given(full_answer_sets)
def test_answers_a_plan_does_not_read_do_not_change_it(answers):
    assert plan_for_key(plan_key(answers)) == _build_plan(answers)


def test_the_folded_keys_are_few():
    keys = {
        plan_key(Answers(**dict(zip(READ, values, strict=True)), **OTHERS))
        for values in itertools.product(*(_values(name) for name in READ))
    }
    assert len(keys) <= plan_for_key.cache_info().maxsize


def _few_local_teams(capacity: str) -> Answers:
    """Strong evidence, a mixed audience, a few local teams: a plan of two or three."""
    return answers(
        level="local",
        audience_size="small",
        timescale="medium",
        funding="limited",
        capacity=capacity,
    )


def _crowded(other_connector_score: int) -> list[str]:
    ranked = [
        method("a-support", "a", functions=("implementation",)),
        method("a-pay", "a", functions=("incentivise",), motivation="extrinsic"),
        method("a-peers", "a", functions=("connect",), motivation="intrinsic"),
        method("b-peers", "b", functions=("connect",), motivation="intrinsic"),
    ]
    scores = [80, 78, 70, other_connector_score]
    candidates = [(p, m, s) for p, (m, s) in enumerate(zip(ranked, scores, strict=True))]
    return [p.method.slug for p in choose(candidates, _few_local_teams(capacity="moderate"))]


def test_a_job_takes_a_third_method_of_one_approach_rather_than_a_poor_fit():
    assert _crowded(45) == ["a-support", "a-pay", "a-peers"]


def test_a_job_keeps_to_two_methods_an_approach_when_another_fits_well_enough():
    assert _crowded(60) == ["a-support", "a-pay", "b-peers"]


def test_a_job_takes_a_third_method_of_one_approach_when_the_other_fits_far_worse():
    assert _crowded(55) == ["a-support", "a-pay", "a-peers"]


def _first_step_of(timescale: str, stages: tuple[str, ...], spread_so_far: str = "") -> int:
    lever = method("lever", "a", functions=("incentivise",), time_to_effect="medium", stages=stages)
    given = answers(timescale=timescale, spread_so_far=spread_so_far)
    return _step(Pick(lever, 70, "incentivise", 0), given)


def test_a_lever_taking_months_starts_now_when_the_timescale_is_months():
    assert _first_step_of("medium", stages=("early-adoption", "spread")) == 0


def test_a_lever_taking_months_follows_the_quick_ones_when_there_are_years():
    assert _first_step_of("long", stages=("early-adoption", "spread")) == 1


def test_a_sustaining_tool_waits_for_early_adoption_unless_it_is_already_widespread():
    assert _first_step_of("medium", stages=("spread", "sustain")) == 1
    assert _first_step_of("medium", stages=("spread", "sustain"), spread_so_far="many-sites") == 0


def _with_favoured(favoured: str | None) -> list[str]:
    ranked = [
        method("a-support", "a", functions=("implementation",)),
        method("b-support", "b", functions=("implementation",)),
    ]
    candidates = [(0, ranked[0], 70), (1, ranked[1], 64)]
    given = _few_local_teams(capacity="limited")
    return [p.method.slug for p in choose(candidates, given, favoured=favoured)]


def test_the_approach_ranked_first_takes_a_job_it_does_nearly_as_well():
    assert _with_favoured(None) == ["a-support"]
    assert _with_favoured("b") == ["b-support"]
