"""Role sentences: how the method does its job, in its curated words, then what that achieves
for these answers."""

from __future__ import annotations

from selector.planning import Pick, role

from .engine_support import answers, method

CONTRACTS = method("contracts", "a", functions=("mandate",), plan_role="Writes it into contracts")


def test_a_role_opens_with_how_the_method_does_its_job():
    sentence = role(Pick(CONTRACTS, 70, "mandate", 0), answers(level="national"), "")
    assert sentence.startswith("Writes it into contracts, making it the expected standard")
    assert "across England" in sentence


def test_the_same_method_says_what_it_achieves_for_other_answers():
    national = role(Pick(CONTRACTS, 70, "mandate", 0), answers(level="national"), "")
    local = role(Pick(CONTRACTS, 70, "mandate", 0), answers(level="local"), "")
    assert national != local and "across your area" in local


def test_a_method_without_its_own_words_is_said_from_its_job():
    plain = method("plain", "a", functions=("mandate",))
    assert role(Pick(plain, 70, "mandate", 0), answers(), "").startswith("Makes it the expected")


def test_a_test_of_an_unproven_intervention_is_said_as_a_test():
    pilot = method("pilot", "a", functions=("prove",), plan_role="Rolls it out site by site")
    sentence = role(Pick(pilot, 60, "prove", 0), answers(evidence="limited"), "")
    assert "Rolls it out" not in sentence and "evaluates" in sentence
