"""Every one of the 3^9 = 19,683 combinations of the nine original questions (the optional
questions left unanswered) against the real guide: a complete result, and the decision model's
rules, with no exceptions.

One pass computes all results and the checks share it. Robustness is left out of that pass: it
re-runs the same engine for neighbouring answers, which the pass covers anyway.
"""

import itertools

import pytest

from selector.engine import recommend
from selector.feasibility import RESOURCE_RULES, RULES, starts_small
from selector.stages import STAGES

from . import engine_support as support
from .engine_support import GENERIC_ROLES, SINGLE_NAMES, all_single_answers

ORDERS = {
    "funding": ("none", "limited", "substantial"),
    "capacity": ("limited", "moderate", "substantial"),
    "timescale": ("short", "medium", "long"),
}

guide = support.guide  # the real guide, as a fixture
# The real guide is read from the test database, which pytest-django only creates when a
# collected test asks for it: without this mark the module fails when run on its own.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def every_result(guide):
    return [(a, recommend(a, guide, robustness=False)) for a in all_single_answers()]


@pytest.mark.slow
def test_every_combination_gives_a_complete_result(every_result, guide):
    assert len(every_result) == 3**9
    for given, result in every_result:
        assert len(result.approaches) == 7
        assert len(result.methods) == len(guide.methods)
        assert len(result.case_examples) == len(guide.case_examples)
        # Proving it may be the whole plan for now; a spread plan needs more than one method.
        least = 1 if given.evidence == "limited" else 2
        assert least <= len(result.recommended_methods) <= 8, given
        assert 1 <= len(result.plan) <= 3
        assert result.readiness in ("ready", "caution", "not-ready")
        assert result.content_version == guide.version
        planned = [s for p in result.plan for s in p.methods]
        assert sorted(planned) == sorted(m.slug for m in result.recommended_methods)


@pytest.mark.slow
def test_every_score_is_between_0_and_100(every_result):
    for _, result in every_result:
        for item in (*result.approaches, *result.methods):
            assert 0 <= item.score <= 100
        for matched in result.case_examples:
            assert 0 <= matched.similarity <= 100


@pytest.mark.slow
def test_no_recommended_method_fails_a_feasibility_rule(every_result, guide):
    """Checked against the rules themselves, not only against the engine's own list."""
    by_slug = {m.slug: m for m in guide.methods}
    for given, result in every_result:
        ruled_out = {n.slug for n in result.not_recommended}
        for scored in result.recommended_methods:
            assert scored.slug not in ruled_out, given
            method = by_slug[scored.slug]
            for rule in RULES:
                failed = rule.check(method, tuple(getattr(given, k) for k in rule.keys))
                if failed and rule.name in RESOURCE_RULES and starts_small(given):
                    # The first test (or staged roll-out) may start small instead,
                    # and must then say so.
                    assert scored.function == "prove" and scored.caveat, (given, scored.slug)
                    continue
                assert not failed, (given, scored.slug, rule.name)


@pytest.mark.slow
def test_advice_ranking_and_first_phase_agree_on_the_evidence_gate(every_result, guide):
    by_slug = {m.slug: m for m in guide.methods}
    for given, result in every_result:
        chosen = [by_slug[m.slug] for m in result.recommended_methods]
        first = [next(m for m in result.methods if m.slug == s) for s in result.plan[0].methods]
        if given.evidence == "limited":
            assert result.readiness == "not-ready" and "Prove it first" in result.readiness_advice
            assert result.plan[0].name == "Now: prove it works", given
            assert all(m.function == "prove" for m in first), given
            # The approach ranked first is the one leading the test.
            assert result.approaches[0].slug == by_slug[first[0].slug].approach, given
            assert all(m.evidence_needed == "limited" for m in chosen), given
        elif given.evidence == "promising":
            assert result.readiness == "caution" and "in stages" in result.readiness_advice
            assert any(m.function == "prove" for m in first), given
            assert all(m.evidence_needed != "strong" for m in chosen), given
        else:
            assert result.readiness == "ready"


@pytest.mark.slow
def test_more_of_a_resource_never_rules_a_method_out(every_result):
    for question, order in ORDERS.items():
        groups: dict[tuple, dict[str, set[str]]] = {}
        for given, result in every_result:
            key = tuple(getattr(given, n) for n in SINGLE_NAMES if n != question)
            groups.setdefault(key, {})[getattr(given, question)] = {
                n.slug for n in result.not_recommended
            }
        for key, by_value in groups.items():
            for lower, higher in itertools.pairwise(order):
                assert by_value[higher] <= by_value[lower], (question, key, lower)


@pytest.mark.slow
def test_more_funding_never_lowers_an_investing_method_score(every_result, guide):
    investing = {m.slug for m in guide.methods if m.cost in ("medium", "high")}
    groups: dict[tuple, dict[str, dict[str, int]]] = {}
    for given, result in every_result:
        key = tuple(getattr(given, n) for n in SINGLE_NAMES if n != "funding")
        groups.setdefault(key, {})[given.funding] = {
            m.slug: m.score for m in result.methods if m.slug in investing
        }
    for key, by_funding in groups.items():
        for lower, higher in itertools.pairwise(ORDERS["funding"]):
            for slug, score in by_funding[lower].items():
                assert by_funding[higher][slug] >= score, (key, slug, lower)


@pytest.mark.slow
def test_no_role_sentence_is_generic(every_result):
    for given, result in every_result:
        roles = [m.role for m in result.recommended_methods]
        assert all(roles), given
        assert not set(roles) & GENERIC_ROLES, given
        assert len(set(roles)) == len(roles), given  # each says what that method does here


@pytest.mark.slow
def test_every_recommended_method_says_which_job_it_does(every_result, guide):
    by_slug = {m.slug: m for m in guide.methods}
    for given, result in every_result:
        for m in result.recommended_methods:
            assert m.function in by_slug[m.slug].functions, (given, m.slug)


@pytest.mark.slow
def test_a_mandate_always_has_implementation_support_beside_it(every_result):
    for given, result in every_result:
        jobs = {m.function for m in result.recommended_methods}
        if "mandate" in jobs:
            assert jobs & {"implementation", "capability"}, given


@pytest.mark.slow
def test_a_complex_intervention_never_ranks_the_most_standardised_approach_first(
    every_result, guide
):
    standardised = {a.slug for a in guide.approaches if a.standardisation == "high"}
    assert standardised, "the real guide has a highly standardised approach"
    for given, result in every_result:
        if given.complexity == "complex":
            assert result.approaches[0].slug not in standardised, given


@pytest.mark.slow
def test_no_funding_keeps_costly_approaches_out_of_the_top_three_but_the_test(every_result, guide):
    costly = {a.slug for a in guide.approaches if a.cost == "high"}
    assert costly
    for given, result in every_result:
        if given.funding == "none":
            top = {a.slug for a in result.approaches[:3]}
            allowed = {result.approaches[0].slug} if given.evidence == "limited" else set()
            assert not (costly & top) - allowed, given


@pytest.mark.slow
def test_the_plan_size_follows_scale_and_capacity(every_result):
    sizes = {}
    for given, result in every_result:
        sizes.setdefault((given.audience_size, given.capacity), set()).add(
            len(result.recommended_methods)
        )
        if given.evidence == "limited":
            assert len(result.recommended_methods) <= 3, given
    assert max(sizes[("small", "limited")]) <= 3
    assert max(sizes[("large", "substantial")]) >= 6
    assert len(set().union(*sizes.values())) >= 4


@pytest.mark.slow
def test_every_stage_of_development_is_reachable():
    reachable = {s for stages in STAGES.values() for s in stages}
    assert reachable == {"prototype", "testing", "early-adoption", "spread", "sustain"}


@pytest.mark.slow
def test_every_answer_the_rules_read_leaves_the_leader_a_feasible_method(guide):
    """Over the whole space of the answers the rules read (the optional ones too, answered or
    not), something is always feasible, so ``planning.choose`` always has a first step to give.

    The audience is tried empty and as each single group: naming more groups only adds methods
    aimed at one of them, so a larger set never leaves less than its members leave alone."""
    from selector.engine import prepare
    from selector.questions import QUESTION_BY_NAME

    tables = prepare(guide).feasibility
    read = sorted({k for rule in RULES for k in rule.keys})
    values = [("",) * (not QUESTION_BY_NAME[k].required) + QUESTION_BY_NAME[k].values for k in read]
    audiences = [(), *((a,) for a in QUESTION_BY_NAME["audience"].values)]
    everyone = set(range(len(guide.methods)))
    given = support.answers()
    tried = 0
    for combination in itertools.product(*values):
        answers = given.replace(**dict(zip(read, combination, strict=True)))
        for audience in audiences:
            tried += 1
            assert everyone - tables.ruled_out(answers.replace(audience=audience)), (
                combination,
                audience,
            )
    assert tried == 7 * 3**5 * 5 * 6 * 7  # audiences x the rules' answers
