"""The recommendation engine: scoring directions, reasons, the evidence gate, the combination,
case examples and guidance. Synthetic guides are built in memory; the real one comes from the DB.
"""

import dataclasses
import random

import pytest

from content.snapshot import PrincipleData, TopicData
from selector.engine import recommend, recommend_for
from selector.planning import FLOOR
from selector.scoring import BASE, METHOD_WEIGHTS

from . import engine_support as support
from .engine_support import (
    all_single_answers,
    alternatives,
    answers,
    approach,
    case,
    method,
    one_method_guide,
    snapshot,
)

guide = support.guide  # the real guide, as a fixture
# The real guide is read from the test database, which pytest-django only creates when a
# collected test asks for it: without this mark the module fails when run on its own.
pytestmark = pytest.mark.django_db


def score_of(given, snap, slug="m"):
    return next(m for m in recommend(given, snap).methods if m.slug == slug)


def reason_for(scored, question):
    return next((r for r in scored.reasons if r.question == question), None)


# --- Method scoring directions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("attrs", "question", "good", "bad"),
    [
        ({"complexity": ("complex",)}, "complexity", "complex", "simple"),
        ({"levels": ("national",)}, "level", "national", "local"),
        ({"audience_sizes": ("small",)}, "audience_size", "small", "large"),
        ({"motivation": "extrinsic"}, "motivation", "extrinsic", "intrinsic"),
        ({"energy": "high"}, "energy", "high", "low"),
        ({"time_to_effect": "long"}, "timescale", "long", "short"),
        ({"cost": "high"}, "funding", "substantial", "none"),
        ({"capacity": "high"}, "capacity", "substantial", "limited"),
        ({"stages": ("spread", "sustain")}, "evidence", "strong", "limited"),
    ],
)
def test_a_matching_answer_raises_a_method_and_a_mismatch_lowers_it(attrs, question, good, bad):
    snap = one_method_guide(**attrs)
    raised = score_of(answers(**{question: good}), snap)
    lowered = score_of(answers(**{question: bad}), snap)
    assert raised.score > lowered.score
    assert reason_for(raised, question).effect > 0
    assert reason_for(lowered, question).effect < 0


def test_an_answer_that_every_value_suits_gives_no_reason():
    snap = one_method_guide(complexity=("simple", "complicated", "complex"), cost="low")
    scored = score_of(answers(), snap)
    assert reason_for(scored, "complexity") is None
    assert reason_for(scored, "funding") is None


def test_naming_an_audience_the_method_moves_raises_it_and_another_lowers_it():
    snap = one_method_guide(audiences=("clinicians",))
    neutral = score_of(answers(), snap).score
    assert score_of(answers(audience=("clinicians",)), snap).score > neutral
    assert score_of(answers(audience=("industry",)), snap).score < neutral


def test_a_method_that_builds_evidence_is_boosted_when_evidence_is_limited():
    snap = one_method_guide(builds_evidence=True, stages=("testing", "spread"))
    limited = score_of(answers(evidence="limited"), snap)
    strong = score_of(answers(evidence="strong"), snap)
    assert limited.score > strong.score
    assert "generates evidence" in reason_for(limited, "evidence").text


def test_the_weights_cap_a_method_score_within_0_and_100_without_clamping():
    assert sum(METHOD_WEIGHTS.values()) == BASE
    best = one_method_guide(
        complexity=("complex",),
        levels=("local",),
        audience_sizes=("small",),
        audiences=("clinicians",),
        motivation="intrinsic",
        energy="high",
        cost="high",
        capacity="high",
        time_to_effect="long",
        stages=("prototype",),
        builds_evidence=True,
    )
    worst = score_of(
        answers(
            complexity="simple",
            level="national",
            audience_size="large",
            audience=("industry",),
            motivation="extrinsic",
            energy="low",
            funding="none",
            capacity="limited",
            timescale="short",
            evidence="strong",
        ),
        best,
    )
    top = score_of(
        answers(
            complexity="complex",
            level="local",
            audience_size="small",
            audience=("clinicians",),
            motivation="intrinsic",
            energy="high",
            funding="substantial",
            capacity="substantial",
            timescale="long",
            evidence="limited",
        ),
        best,
    )
    assert 0 <= worst.score < 10 and 80 < top.score <= 100


def test_no_method_or_approach_name_appears_in_the_scoring_code():
    from pathlib import Path

    import selector

    source = "".join(
        (Path(selector.__file__).parent / name).read_text()
        for name in ("engine.py", "scoring.py", "planning.py", "matching.py")
    )
    for word in (
        "demonstrator",
        "rolling-out",
        "governing-and-assuring",
        'network"',
        "investing-and",
    ):
        assert word not in source


# --- Reasons are the score ----------------------------------------------------------------


def test_a_method_score_is_fifty_plus_its_reasons(guide):
    for m in recommend(answers(audience=("clinicians",)), guide).methods:
        assert m.score == BASE + sum(r.effect for r in m.reasons)


def test_an_approach_score_is_fifty_plus_its_reasons(guide):
    for given in (answers(), answers(complexity="complex", funding="none")):
        for a in recommend(given, guide).approaches:
            assert a.score == BASE + sum(r.effect for r in a.reasons)


def _check_reasons_move_scores(items_of, given, snap):
    """Each reason naming an answer: some other answer moves the score the other way."""
    before = {i.slug: i for i in items_of(recommend(given, snap))}
    for slug, item in before.items():
        for reason in item.reasons:
            if reason.question is None or reason.effect == 0:
                continue
            others = [
                next(i for i in items_of(recommend(alt, snap)) if i.slug == slug).score
                for alt in alternatives(given, reason.question)
            ]
            if reason.effect > 0:
                assert min(others) < item.score, (slug, reason)
            else:
                assert max(others) > item.score, (slug, reason)


@pytest.mark.parametrize("seed", range(6))
def test_every_method_reason_moves_the_score_the_way_it_says(guide, seed):
    rng = random.Random(seed)
    given = rng.choice(all_single_answers()).replace(
        audience=("clinicians", "industry")[: seed % 3]
    )
    _check_reasons_move_scores(lambda r: r.methods, given, guide)


@pytest.mark.parametrize("seed", range(6))
def test_every_approach_reason_moves_the_score_the_way_it_says(guide, seed):
    given = random.Random(seed).choice(all_single_answers())
    _check_reasons_move_scores(lambda r: r.approaches, given, guide)


def test_reasons_are_plain_sentences(guide):
    result = recommend(answers(audience=("clinicians",)), guide)
    for item in (*result.methods, *result.approaches):
        for reason in item.reasons:
            assert reason.text[0].isupper() and reason.text.endswith("."), reason.text


def test_scores_are_well_spread(guide):
    result = recommend(answers(complexity="complex", level="local", audience_size="small"), guide)
    scores = [m.score for m in result.methods]
    assert max(scores) - min(scores) >= 30
    approach_scores = [a.score for a in result.approaches]
    assert max(approach_scores) - min(approach_scores) >= 20


# --- Edge rules -----------------------------------------------------------------------------


def test_a_complex_intervention_does_not_put_the_most_standardised_approach_first():
    snap = snapshot(
        [approach("standard", 0, standardisation="high", cost="low"), approach("other", 1)],
        [
            method("s1", "standard", complexity=("complex",), cost="low"),
            method("o1", "other", complexity=("simple",)),
        ],
    )
    result = recommend(answers(complexity="complex"), snap)
    assert result.approaches[0].slug == "other"
    standard = result.approaches[1]
    assert any(r.question == "complexity" and r.effect < 0 for r in standard.reasons)


def test_no_funding_keeps_a_high_cost_approach_out_of_the_top_three():
    snap = snapshot(
        [approach("costly", 0, cost="high")] + [approach(f"cheap{i}", i + 1) for i in range(3)],
        [method("c1", "costly", cost="low")]
        + [method(f"m{i}", f"cheap{i}", complexity=("simple",)) for i in range(3)],
    )
    result = recommend(answers(funding="none"), snap)
    assert [a.slug for a in result.approaches][3] == "costly"
    assert recommend(answers(funding="substantial"), snap).approaches[0].slug == "costly"


def test_approaches_with_equal_scores_keep_approach_order():
    snap = snapshot(
        [approach(f"a{i}", i) for i in range(4)], [method(f"m{i}", f"a{i}") for i in range(4)]
    )
    assert [a.slug for a in recommend(answers(), snap).approaches] == ["a0", "a1", "a2", "a3"]


def test_every_approach_and_method_is_returned_best_first(guide):
    result = recommend(answers(), guide)
    assert len(result.approaches) == len(guide.approaches) == 7
    assert len(result.methods) == len(guide.methods)
    assert [a.score for a in result.approaches] == sorted(
        (a.score for a in result.approaches), reverse=True
    )
    ruled_out = {n.slug for n in result.not_recommended}
    usable = [m.score for m in result.methods if m.slug not in ruled_out]
    assert usable == sorted(usable, reverse=True)
    # Ruled-out methods come after every method that could be used.
    flags = [m.slug in ruled_out for m in result.methods]
    assert flags == sorted(flags)


# --- Evidence gate ---------------------------------------------------------------------------


def test_limited_evidence_is_not_ready_and_says_prove_it_first(guide):
    result = recommend(answers(evidence="limited"), guide)
    assert result.ready_to_spread is False and result.readiness == "not-ready"
    assert "not ready to spread" in result.readiness_advice
    assert "Prove it first" in result.readiness_advice


def test_limited_evidence_puts_methods_that_build_evidence_first(guide):
    result = recommend(answers(evidence="limited"), guide)
    first = result.plan[0]
    assert first.name == "Now: prove it works"
    provers = {m.slug for m in guide.methods if m.builds_evidence}
    assert first.methods and set(first.methods) <= provers


def test_promising_evidence_is_ready_with_a_caution(guide):
    result = recommend(answers(evidence="promising"), guide)
    assert result.ready_to_spread is True and result.readiness == "caution"
    assert "in stages with an evaluation" in result.readiness_advice


def test_strong_evidence_is_ready_without_advice(guide):
    result = recommend(answers(evidence="strong"), guide)
    assert (result.ready_to_spread, result.readiness, result.readiness_advice) == (
        True,
        "ready",
        None,
    )


# --- The combination --------------------------------------------------------------------------


def _chosen(result):
    return [m for m in result.methods if m.recommended]


def test_the_combination_has_four_to_six_methods_from_several_approaches(guide):
    chosen = _chosen(recommend(answers(), guide))
    assert 4 <= len(chosen) <= 6
    assert len({m.approach for m in chosen}) >= 3
    assert all(m.role for m in chosen)


def test_mixed_motivation_combines_an_extrinsic_and_an_intrinsic_method(guide):
    by_slug = {m.slug: m for m in guide.methods}
    for funding in ("none", "substantial"):
        chosen = [
            by_slug[m.slug]
            for m in _chosen(recommend(answers(motivation="mixed", funding=funding), guide))
        ]
        assert any(m.motivation == "extrinsic" for m in chosen)
        assert any(m.motivation == "intrinsic" for m in chosen)


def test_no_funding_recommends_no_high_cost_method(guide):
    by_slug = {m.slug: m for m in guide.methods}
    chosen = _chosen(recommend(answers(funding="none"), guide))
    assert chosen and all(by_slug[m.slug].cost != "high" for m in chosen)


def test_limited_capacity_recommends_at_most_one_method_needing_many_people(guide):
    by_slug = {m.slug: m for m in guide.methods}
    for evidence in ("limited", "strong"):
        chosen = _chosen(recommend(answers(capacity="limited", evidence=evidence), guide))
        assert sum(by_slug[m.slug].capacity == "high" for m in chosen) <= 1


def test_a_short_timescale_uses_two_phases_and_no_slow_methods(guide):
    by_slug = {m.slug: m for m in guide.methods}
    result = recommend(answers(timescale="short"), guide)
    assert len(result.plan) <= 2
    assert all(by_slug[m.slug].time_to_effect != "long" for m in _chosen(result))


def test_slow_methods_go_to_a_later_phase_on_a_long_timescale():
    snap = snapshot(
        [approach(f"a{i}", i) for i in range(3)],
        [
            method("quick", "a0", time_to_effect="short", functions=("signal",)),
            method("slow", "a1", time_to_effect="long", functions=("connect",)),
            method("mid", "a2", time_to_effect="medium", functions=("implementation",)),
            method("quick2", "a2", time_to_effect="short", functions=("measure",)),
        ],
    )
    plan = recommend(answers(timescale="long"), snap).plan
    assert [p.when for p in plan] == ["now", "next", "later"]
    assert plan[0].methods == ("quick", "quick2") and plan[0].concurrent
    assert plan[-1].methods == ("slow",) and not plan[-1].concurrent


def test_the_plan_holds_exactly_the_recommended_methods(guide):
    result = recommend(answers(evidence="promising"), guide)
    planned = [slug for phase in result.plan for slug in phase.methods]
    assert sorted(planned) == sorted(m.slug for m in _chosen(result))


def test_the_only_feasible_method_is_recommended_even_when_it_fits_poorly():
    """No dead ends: a weak fit the leader can act on beats a plan with nothing in it."""
    snap = one_method_guide(
        complexity=("simple",),
        levels=("local",),
        audience_sizes=("small",),
        energy="high",
        functions=("connect",),
    )
    result = recommend(answers(), snap)
    assert result.methods[0].score < FLOOR  # below the bar for filling any job
    assert [m.slug for m in _chosen(result)] == ["m"]
    assert result.plan[0].methods == ("m",)


def test_an_empty_guide_gives_an_empty_but_complete_result():
    result = recommend(answers(), snapshot())
    assert result.approaches == () and result.methods == () and result.plan == ()


# --- Case examples -----------------------------------------------------------------------------


def test_the_af_example_matches_a_national_well_funded_programme_better(guide):
    national = answers(level="national", audience_size="large", funding="substantial")
    local = answers(level="local", audience_size="small", funding="none")

    def af(given):
        return next(
            c
            for c in recommend(given, guide).case_examples
            if c.slug.startswith("atrial-fibrillation")
        )

    assert af(national).similarity > af(local).similarity
    assert "substantial funding" in af(national).shared


def test_case_examples_are_ranked_by_similarity_and_say_what_they_share(guide):
    cases = recommend(answers(), guide).case_examples
    assert len(cases) == len(guide.case_examples)
    assert [c.similarity for c in cases] == sorted((c.similarity for c in cases), reverse=True)
    assert all(0 <= c.similarity <= 100 for c in cases)
    assert cases[0].shared


def test_a_case_using_the_recommended_methods_is_closer():
    snap = snapshot(
        [approach("a", 0), approach("b", 1)],
        [
            method("m1", "a", functions=("signal",)),
            method("m2", "a", functions=("signal",)),
            method("m3", "b", functions=("implementation",)),
            method("m4", "b", functions=("implementation",)),
        ],
        [case("same", ("m1", "m3"), 0), case("other", ("m2",), 1)],
    )
    result = recommend(answers(), snap)
    chosen = {m.slug for m in result.methods if m.recommended}
    assert {"m1", "m3"} <= chosen
    same = next(c for c in result.case_examples if c.slug == "same")
    assert any(s.startswith("also used") for s in same.shared)


# --- Guidance and plumbing --------------------------------------------------------------------


def test_complex_situations_point_to_systems_convening_and_the_complexity_principle(guide):
    slugs = [g.slug for g in recommend(answers(complexity="complex"), guide).guidance]
    assert "systems-convening" in slugs and "complexity" in slugs


def test_low_energy_points_to_networks_and_limited_evidence_to_learning(guide):
    slugs = [g.slug for g in recommend(answers(energy="low", evidence="limited"), guide).guidance]
    assert "networks" in slugs and "learning" in slugs


def test_guidance_missing_from_the_guide_is_skipped():
    snap = snapshot(
        [approach("a")],
        [method("m", "a")],
        principles=[PrincipleData("complexity", "Complexity", "S.", "/principles/#complexity")],
        topics=[TopicData("unrelated", "Unrelated", "S.", "/principles/#unrelated")],
    )
    result = recommend(answers(complexity="complex"), snap)
    assert [g.slug for g in result.guidance] == ["complexity"]


def test_the_result_carries_the_content_version(guide):
    assert recommend(answers(), guide).content_version == guide.version


def test_the_engine_reads_no_database(guide):
    # No db fixture: pytest-django blocks the database here, so any query would raise.
    assert recommend(answers(), guide).methods


@pytest.mark.django_db
def test_recommend_for_reads_the_published_guide(guide):
    assert recommend_for(answers()) == recommend(answers(), guide)


def test_the_engine_builds_its_results_as_their_own_constructors_would(guide):
    """The engine assembles ScoredMethod and NotRecommended without running ``__init__``, for
    speed: every field must still be there, and equal to what the constructor makes."""
    result = recommend(answers(evidence="promising", lead="provider"), guide)
    assert result.not_recommended
    for made in (*result.methods, *result.not_recommended):
        names = [f.name for f in dataclasses.fields(made)]
        assert sorted(vars(made)) == sorted(names)
        assert type(made)(**{n: getattr(made, n) for n in names}) == made


def test_a_method_used_away_from_its_usual_level_says_how_to_reach_it():
    snap = one_method_guide(levels=("regional", "local"), functions=("implementation",))
    chosen = _chosen(recommend(answers(level="national"), snap))
    assert [m.slug for m in chosen] == ["m"]
    assert "regional or local level" in chosen[0].caveat
