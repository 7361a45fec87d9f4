"""Every one of the 3^9 = 19,683 answer combinations (without the optional audience) against the
real guide: a complete result, and every invariant, with no exceptions.

One pass computes all results (well under a millisecond each) and the checks share it.
"""

import itertools

import pytest

from selector.engine import recommend

from . import engine_support as support
from .engine_support import SINGLE_NAMES, all_single_answers

FUNDING_ORDER = ("none", "limited", "substantial")

guide = support.guide  # the real guide, as a fixture


@pytest.fixture(scope="module")
def every_result(guide):
    return [(a, recommend(a, guide)) for a in all_single_answers()]


@pytest.mark.slow
def test_every_combination_gives_a_complete_result(every_result, guide):
    assert len(every_result) == 3**9
    for given, result in every_result:
        assert len(result.approaches) == 7
        assert len(result.methods) == len(guide.methods)
        assert len(result.case_examples) == len(guide.case_examples)
        assert 4 <= len(result.recommended_methods) <= 6, given
        assert 1 <= len(result.plan) <= 3
        assert result.readiness in ("ready", "caution", "not-ready")
        assert result.content_version == guide.version


@pytest.mark.slow
def test_every_score_is_between_0_and_100(every_result):
    for _, result in every_result:
        for item in (*result.approaches, *result.methods):
            assert 0 <= item.score <= 100
        for matched in result.case_examples:
            assert 0 <= matched.similarity <= 100


@pytest.mark.slow
def test_approaches_come_best_first_with_ties_in_approach_order(every_result, guide):
    by_slug = {a.slug: a for a in guide.approaches}

    def capped(given, slug):
        a = by_slug[slug]
        return (given.complexity == "complex" and a.standardisation == "high") or (
            given.funding == "none" and a.cost == "high"
        )

    for given, result in every_result:
        scores = [a.score for a in result.approaches]
        assert scores == sorted(scores, reverse=True)
        for x, y in zip(result.approaches, result.approaches[1:], strict=False):
            if x.score == y.score and not capped(given, x.slug) and not capped(given, y.slug):
                assert by_slug[x.slug].order < by_slug[y.slug].order, given


@pytest.mark.slow
def test_a_complex_intervention_never_ranks_the_most_standardised_approach_first(
    every_result,
    guide,
):
    standardised = {a.slug for a in guide.approaches if a.standardisation == "high"}
    assert standardised, "the real guide has a highly standardised approach"
    for given, result in every_result:
        if given.complexity == "complex":
            assert result.approaches[0].slug not in standardised, given


@pytest.mark.slow
def test_no_funding_never_puts_a_high_cost_approach_in_the_top_three(every_result, guide):
    costly = {a.slug for a in guide.approaches if a.cost == "high"}
    assert costly
    for given, result in every_result:
        if given.funding == "none":
            assert not costly & {a.slug for a in result.approaches[:3]}, given


@pytest.mark.slow
def test_more_funding_never_lowers_an_investing_method_or_a_costly_approach(every_result, guide):
    investing = {m.slug for m in guide.methods if m.cost in ("medium", "high")}
    investing |= {a.slug for a in guide.approaches if a.cost == "high"}
    groups: dict[tuple, dict[str, dict[str, int]]] = {}
    for given, result in every_result:
        key = tuple(getattr(given, n) for n in SINGLE_NAMES if n != "funding")
        groups.setdefault(key, {})[given.funding] = {
            i.slug: i.score for i in (*result.methods, *result.approaches) if i.slug in investing
        }
    for key, by_funding in groups.items():
        for lower, higher in itertools.pairwise(FUNDING_ORDER):
            for slug, score in by_funding[lower].items():
                assert by_funding[higher][slug] >= score, (key, slug, lower)


@pytest.mark.slow
def test_every_combination_respects_resources_timescale_and_motivation(every_result, guide):
    by_slug = {m.slug: m for m in guide.methods}
    for given, result in every_result:
        chosen = [by_slug[m.slug] for m in result.recommended_methods]
        assert len({m.approach for m in chosen}) >= 2, given
        if given.funding == "none":
            assert all(m.cost != "high" for m in chosen), given
        if given.capacity == "limited":
            assert sum(m.capacity == "high" for m in chosen) <= 1, given
        if given.timescale == "short":
            assert len(result.plan) <= 2, given
            slow = [m for m in chosen if m.time_to_effect == "long"]
            # Only a method proving the intervention may take long: proving comes first.
            assert all(m.builds_evidence and given.evidence == "limited" for m in slow), given
        if given.motivation == "mixed":
            assert any(m.motivation == "extrinsic" for m in chosen), given
            assert any(m.motivation == "intrinsic" for m in chosen), given
        if given.evidence == "limited":
            assert result.plan[0].name == "Now: prove it works", given
            assert all(by_slug[s].builds_evidence for s in result.plan[0].methods), given
