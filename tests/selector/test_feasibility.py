"""One test per feasibility rule: a method that fails it is ruled out, with the rule's sentence."""

from __future__ import annotations

import pytest

from selector.feasibility import ALL_RULES, RULE_BY_NAME, FeasibilityTables
from selector.stages import stages_for

from . import engine_support as support
from .engine_support import answers, method

guide = support.guide


def ruled_out(m, given) -> dict[str, str]:
    """rule name -> sentence, for the one method ``m``."""
    tables = FeasibilityTables((m,))
    found = tables.excluded(given)
    return {found[0][0]: found[0][1]} if 0 in found else {}


def test_every_rule_has_a_name_and_a_one_sentence_summary():
    names = [r.name for r in ALL_RULES]
    assert len(set(names)) == len(names)
    for rule in ALL_RULES:
        assert rule.summary.endswith(".") and rule.summary.count(". ") == 0, rule.name


def test_stage_of_development_rules_out_a_method_for_other_stages():
    spread_only = method("m", "a", stages=("spread", "sustain"))
    assert "stage-of-development" in ruled_out(spread_only, answers(evidence="limited"))
    assert not ruled_out(spread_only, answers(evidence="strong"))


def test_spread_so_far_makes_the_sustain_stage_reachable_with_promising_evidence():
    sustain_only = method("m", "a", stages=("sustain",))
    assert ruled_out(sustain_only, answers(evidence="promising"))
    assert not ruled_out(sustain_only, answers(evidence="promising", spread_so_far="many-sites"))
    assert "sustain" in stages_for(answers(evidence="promising", spread_so_far="many-sites"))


def test_evidence_before_scale_up_rules_out_scale_up_levers_with_limited_evidence():
    lever = method("m", "a", stages=("testing",), evidence_needed="promising")
    found = ruled_out(lever, answers(evidence="limited"))
    assert "evidence-before-scale-up" in found
    assert "prove it first" in found["evidence-before-scale-up"]
    assert not ruled_out(lever, answers(evidence="promising"))


def test_lock_in_after_evidence_defers_lock_in_levers_while_evidence_is_promising():
    lock_in = method("m", "a", stages=("testing", "spread"), evidence_needed="strong")
    assert "lock-in-after-evidence" in ruled_out(lock_in, answers(evidence="promising"))
    assert not ruled_out(lock_in, answers(evidence="strong"))


def test_lever_in_other_hands_rules_out_what_the_leader_does_not_hold():
    contract = method("m", "a", leads=("commissioner", "national"))
    found = ruled_out(contract, answers(lead="provider"))
    assert found == {
        "lever-in-other-hands": "It is in the hands of a commissioner or a national body, which "
        "a provider leading the spread is not."
    }
    assert not ruled_out(contract, answers(lead="commissioner"))
    assert not ruled_out(contract, answers())  # not saying who leads rules nothing out


def test_lever_beyond_level_rules_out_a_lever_pulled_only_elsewhere():
    national = method("m", "a", kind="lever", levels=("national",))
    assert "lever-beyond-level" in ruled_out(national, answers(level="local"))
    # A method (an activity) may still be used from another level.
    assert not ruled_out(method("n", "a", levels=("national",)), answers(level="local"))


def test_wrong_kind_of_intervention_rules_out_levers_for_other_kinds():
    deal = method("m", "a", interventions=("product", "digital"))
    assert "wrong-kind-of-intervention" in ruled_out(deal, answers(intervention="care-model"))
    assert not ruled_out(deal, answers(intervention="product"))


def test_a_lever_for_some_kinds_of_intervention_waits_until_the_kind_is_known():
    deal = method("m", "a", interventions=("product", "digital"))
    assert "wrong-kind-of-intervention" in ruled_out(deal, answers())
    assert not ruled_out(method("n", "a"), answers())  # one that suits any kind stays


@pytest.mark.django_db
def test_franchising_is_ruled_out_unless_the_intervention_is_a_service_model(guide):
    """A licence needs a defined service model to license: a care model or a way of working."""
    franchising = next(m for m in guide.methods if m.slug == "social-franchising-and-licensing")
    for kind in ("", "digital", "product", "practice"):
        assert "wrong-kind-of-intervention" in ruled_out(franchising, answers(intervention=kind))
    assert set(franchising.interventions) <= {"care-model", "workforce"}


def test_cost_beyond_funding_rules_out_a_costly_method_with_no_money():
    costly = method("m", "a", cost="high")
    assert "cost-beyond-funding" in ruled_out(costly, answers(funding="none"))
    assert not ruled_out(costly, answers(funding="limited"))


def test_people_beyond_capacity_rules_out_a_method_needing_many_people():
    heavy = method("m", "a", capacity="high")
    assert "people-beyond-capacity" in ruled_out(heavy, answers(capacity="limited"))
    assert not ruled_out(heavy, answers(capacity="moderate"))


def test_effect_after_deadline_rules_out_a_slow_method_on_a_short_timescale():
    slow = method("m", "a", time_to_effect="long")
    assert "effect-after-deadline" in ruled_out(slow, answers(timescale="short"))
    assert not ruled_out(slow, answers(timescale="medium"))


def test_aimed_elsewhere_rules_out_a_method_aimed_only_at_other_groups():
    industry = method("m", "a", audiences=("industry",))
    assert "aimed-elsewhere" in ruled_out(industry, answers(audience=("clinicians",)))
    assert not ruled_out(industry, answers(audience=("industry", "clinicians")))
    assert not ruled_out(industry, answers(audience=()))


@pytest.mark.parametrize("evidence", ["limited", "promising"])
def test_the_first_test_is_spared_the_resource_rules_so_proving_is_always_possible(evidence):
    prover = method(
        "m",
        "a",
        stages=("testing", "early-adoption"),
        functions=("prove",),
        cost="high",
        capacity="high",
        time_to_effect="long",
    )
    tight = answers(evidence=evidence, funding="none", capacity="limited", timescale="short")
    tables = FeasibilityTables((prover,))
    assert tables.excluded(tight) == {}
    assert tables.ruled_out(tight) == set()
    assert tables.spared_caveat(0, tight)
    assert ruled_out(prover, tight.replace(evidence="strong"))


def test_rule_names_are_the_ones_documented():
    assert set(RULE_BY_NAME) <= {r.name for r in ALL_RULES}


def test_the_ruled_out_memo_stays_bounded_and_gives_the_same_sets_after_starting_again(
    monkeypatch,
):
    monkeypatch.setattr("selector.feasibility.RULED_OUT_KEEP", 3)
    tables = FeasibilityTables((method("m", "a", cost="high", capacity="high"),))
    given = [
        answers(funding=f, capacity=c)
        for f in ("none", "limited", "substantial")
        for c in ("limited", "moderate", "substantial")
    ]
    first = [tables.ruled_out(a) for a in given]
    assert len(tables._ruled_out) <= 3
    assert [tables.ruled_out(a) for a in given] == first
    assert first == [frozenset(tables.excluded(a)) for a in given]
