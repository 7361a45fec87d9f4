"""The decision model's rules as properties over the whole answer space: the nine original
questions, the optional audience and the four optional questions (answered or not)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selector import engine
from selector.answer_steps import answer_changes
from selector.engine import outcome_for, prepare, recommend
from selector.feasibility import RESOURCE_RULES, RULES, starts_small

from . import engine_support as support
from .engine_support import GENERIC_ROLES, full_answer_sets

guide = support.guide
# The real guide is read from the test database, which pytest-django only creates when a
# collected test asks for it: without this mark the module fails when run on its own.
pytestmark = pytest.mark.django_db
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MORE = {
    "funding": ("none", "limited", "substantial"),
    "capacity": ("limited", "moderate", "substantial"),
    "timescale": ("short", "medium", "long"),
}


@SETTINGS
@given(answers=full_answer_sets)
def test_no_recommended_method_fails_a_feasibility_rule(guide, answers):
    result = recommend(answers, guide, robustness=False)
    by_slug = {m.slug: m for m in guide.methods}
    ruled_out = {n.slug for n in result.not_recommended}
    for scored in result.recommended_methods:
        assert scored.slug not in ruled_out
        for rule in RULES:
            failed = rule.check(by_slug[scored.slug], tuple(getattr(answers, k) for k in rule.keys))
            if failed and rule.name in RESOURCE_RULES and starts_small(answers):
                assert scored.function == "prove" and scored.caveat
                continue
            assert not failed, (scored.slug, rule.name)


@settings(SETTINGS, max_examples=400)
@given(answers=full_answer_sets)
def test_every_answer_set_gets_a_plan_the_leader_can_start_now(guide, answers):
    """No dead ends: whoever leads and whoever must change, something feasible is recommended."""
    result = recommend(answers, guide, robustness=False)
    assert result.plan and result.plan[0].methods, answers
    ruled_out = {n.slug for n in result.not_recommended}
    assert not ruled_out & set(result.plan[0].methods), answers


# Where dead ends were found: a leader holding no contract or payment lever, with only those who
# hold the levers to persuade, and often little time or people.
without_levers = st.builds(
    lambda answers, lead, audience: answers.replace(lead=lead, audience=audience),
    full_answer_sets,
    st.sampled_from(("supplier", "voluntary-sector", "provider")),
    st.sampled_from((("commissioners",), ("industry",), ("commissioners", "industry"))),
)


@settings(SETTINGS, max_examples=300)
@given(answers=without_levers)
def test_a_leader_without_levers_still_gets_a_plan(guide, answers):
    result = recommend(answers, guide, robustness=False)
    assert result.plan and result.plan[0].methods, answers


@SETTINGS
@given(answers=full_answer_sets)
def test_advice_ranking_and_first_phase_agree_on_the_evidence_gate(guide, answers):
    result = recommend(answers, guide, robustness=False)
    by_slug = {m.slug: m for m in guide.methods}
    scored = {m.slug: m for m in result.methods}
    first = [scored[s] for s in result.plan[0].methods]
    chosen = [by_slug[m.slug] for m in result.recommended_methods]
    if answers.evidence == "limited":
        assert "Prove it first" in result.readiness_advice
        assert all(m.function == "prove" for m in first)
        assert result.approaches[0].slug == first[0].approach
        assert all(m.evidence_needed == "limited" for m in chosen)
    elif answers.evidence == "promising":
        assert any(m.function == "prove" for m in first)
        assert all(m.evidence_needed != "strong" for m in chosen)


@SETTINGS
@given(answers=full_answer_sets, question=st.sampled_from(sorted(MORE)))
def test_more_of_a_resource_never_rules_a_method_out(guide, answers, question):
    order = MORE[question]
    ruled_out = [
        {
            n.slug
            for n in recommend(
                answers.replace(**{question: v}), guide, robustness=False
            ).not_recommended
        }
        for v in order
    ]
    assert ruled_out[2] <= ruled_out[1] <= ruled_out[0]


@SETTINGS
@given(answers=full_answer_sets)
def test_every_role_is_specific_to_the_plan(guide, answers):
    result = recommend(answers, guide, robustness=False)
    roles = [m.role for m in result.recommended_methods]
    assert all(roles)
    assert not set(roles) & GENERIC_ROLES
    assert len(set(roles)) == len(roles)
    assert not any(m.role for m in result.methods if not m.recommended)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=full_answer_sets)
def test_robustness_counts_exactly_the_changes_that_move_the_result(guide, answers):
    result = recommend(answers, guide)
    top = result.approaches[0].slug
    combination = {m.slug for m in result.recommended_methods}

    def moves(changed):
        # Worked out from the full recommendation, not the engine's fast path: the top approach
        # holds while it stays within the score margin of the first.
        other = recommend(changed, guide, robustness=False)
        score = {a.slug: a.score for a in other.approaches}
        holds = other.approaches[0].score - score[top] <= other.score_margin
        return not holds or {m.slug for m in other.recommended_methods} != combination

    moved = [(q, v) for q, v in answer_changes(answers) if moves(answers.replace(**{q.name: v}))]
    robustness = result.robustness
    assert robustness.of == len(answer_changes(answers))
    assert robustness.holds == robustness.of - len(moved)
    assert len(robustness.changes) == len(moved)
    assert str(robustness.holds) in robustness.sentence


@SETTINGS
@given(answers=full_answer_sets)
def test_the_fast_outcome_agrees_with_the_full_recommendation(guide, answers):
    result = recommend(answers, guide, robustness=False)
    top, combination = outcome_for(prepare(guide), answers)
    assert top == result.approaches[0].slug
    assert combination == {m.slug for m in result.recommended_methods}


@SETTINGS
@given(answers=full_answer_sets)
def test_franchising_is_only_recommended_for_a_defined_service_model(guide, answers):
    result = recommend(answers, guide, robustness=False)
    if any(m.slug == "social-franchising-and-licensing" for m in result.recommended_methods):
        assert answers.intervention in ("care-model", "workforce"), answers


@SETTINGS
@given(answers=full_answer_sets)
def test_the_first_approach_always_has_a_method_the_leader_can_use(guide, answers):
    result = recommend(answers, guide, robustness=False)
    ruled_out = {n.slug for n in result.not_recommended}
    first = result.approaches[0].slug
    assert any(m.approach == first and m.slug not in ruled_out for m in result.methods), answers


@SETTINGS
@given(answers=full_answer_sets.map(lambda a: a.replace(lead="provider")))
def test_a_provider_team_is_never_given_a_mandate(guide, answers):
    result = recommend(answers, guide, robustness=False)
    assert all(m.function != "mandate" for m in result.recommended_methods), answers


@SETTINGS
@given(answers=full_answer_sets.map(lambda a: a.replace(evidence="strong", spread_so_far="none")))
def test_proven_but_used_nowhere_starts_with_a_first_wave_and_no_mandate(guide, answers):
    result = recommend(answers, guide, robustness=False)
    jobs = {m.slug: m.function for m in result.recommended_methods}
    assert "mandate" not in jobs.values(), answers
    assert any(jobs[s] == "prove" for s in result.plan[0].methods), answers


@SETTINGS
@given(answers=full_answer_sets.map(lambda a: a.replace(funding="none")))
def test_with_no_money_no_plan_hands_out_grants(guide, answers):
    result = recommend(answers, guide, robustness=False)
    chosen = {m.slug for m in result.recommended_methods}
    assert not chosen & {"grants-and-challenge-funds", "pump-priming-and-transformation-funding"}


@SETTINGS
@given(answers=full_answer_sets)
def test_no_usable_method_is_told_it_is_at_the_wrong_stage(guide, answers):
    """The stage reason and the stage rule read one table: a method that passes the rule never
    carries a reason saying the evidence and spread so far put you at another stage."""
    result = recommend(answers, guide, robustness=False)
    ruled_out = {n.slug for n in result.not_recommended}
    for scored in result.methods:
        if scored.slug not in ruled_out:
            assert all(r.effect >= 0 for r in scored.reasons if r.question == "evidence"), scored


# A word each caveat uses for the reason it answers.
CAVEAT_WORDS = {
    "funding": "money",
    "capacity": "people",
    "timescale": "timescale",
    "level": "level",
    "complexity": "interventions",
    "motivation": "motivation",
    "energy": "energy",
    "audience_size": "audiences",
    "audience": "groups",
}


@SETTINGS
@given(answers=full_answer_sets)
def test_every_reason_against_a_recommended_method_is_answered_by_its_caveat(guide, answers):
    result = recommend(answers, guide, robustness=False)
    for scored in result.recommended_methods:
        against = {r.question for r in scored.reasons if r.effect < 0}
        starting_small = scored.caveat.startswith(("Start it as a small test", "Roll it out one"))
        for question in against:
            if starting_small and question in ("funding", "capacity", "timescale"):
                continue  # starting small is the answer to the resource reasons
            assert CAVEAT_WORDS[question] in scored.caveat, (scored.slug, question, scored.caveat)


@SETTINGS
@given(answers=full_answer_sets.map(lambda a: a.replace(motivation="intrinsic")))
def test_an_audience_moved_from_within_is_given_no_incentive_or_mandate(guide, answers):
    result = recommend(answers, guide, robustness=False)
    jobs = {m.function for m in result.recommended_methods}
    assert not jobs & {"incentivise", "mandate"}, answers


@SETTINGS
@given(answers=full_answer_sets)
def test_an_approach_held_back_by_a_cap_is_not_shown_as_equally_good(guide, answers):
    result = recommend(answers, guide, robustness=False)
    best = result.approaches[0].score
    cap_texts = {"PROVE_FIRST_LIMIT", "COMPLEX_LIMIT", "NO_FUNDING_LIMIT"}
    texts = {getattr(engine, name) for name in cap_texts}
    for scored in result.approaches[1:]:
        if any(r.text in texts for r in scored.reasons) and scored.score:
            assert best - scored.score > result.score_margin, (scored.slug, scored.score, best)


@SETTINGS
@given(answers=full_answer_sets)
def test_support_starts_no_later_than_the_requirement_it_helps_meet(guide, answers):
    result = recommend(answers, guide, robustness=False)
    phase_of = {slug: i for i, phase in enumerate(result.plan) for slug in phase.methods}
    jobs = {m.slug: m.function for m in result.recommended_methods}
    mandates = [phase_of[s] for s, job in jobs.items() if job == "mandate"]
    if mandates:
        support = [
            phase_of[s] for s, job in jobs.items() if job in ("implementation", "capability")
        ]
        assert support and min(support) <= min(mandates), result.plan


TIME_ORDER = {"short": 0, "medium": 1, "long": 2}


# The slowest time to effect a lever may have and still start in the first phase: with under
# 6 months or with 6 to 18 months, a lever taking up to 18 months cannot wait; with years,
# the quick ones lead.
STARTS_NOW = {"short": 1, "medium": 1, "long": 0}
EARLY = {"prototype", "testing", "early-adoption"}


@SETTINGS
@given(answers=full_answer_sets.filter(lambda a: a.evidence == "strong"))
def test_a_lever_that_acts_within_the_timescale_does_not_wait(guide, answers):
    result = recommend(answers, guide, robustness=False)
    by_slug = {m.slug: m for m in guide.methods}
    widespread = answers.spread_so_far == "many-sites"
    for scored in result.recommended_methods:
        m = by_slug[scored.slug]
        if TIME_ORDER[m.time_to_effect] > STARTS_NOW[answers.timescale]:
            continue
        if not widespread and (scored.function == "mandate" or not EARLY & set(m.stages)):
            continue  # requirements and sustaining tools follow early adoption
        assert scored.slug in result.plan[0].methods, (scored.slug, answers.timescale)
