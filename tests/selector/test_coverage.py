"""Answer-space coverage: methods no combination of answers ranks near the top are found."""

import time

import pytest

from content import models
from selector.answers import Answers
from selector.coverage import all_answer_combinations, never_in_top
from tests.factories import ApproachFactory, MethodFactory

pytestmark = pytest.mark.django_db


def test_method_never_in_the_top_is_listed(empty_guide):
    """With no money, people or energy, a costly, demanding method never makes the top 3."""
    approach = ApproachFactory()
    for i in range(3):
        MethodFactory(approach=approach, name=f"Good {i}", cost="low", capacity="low", energy="low")
    MethodFactory(approach=approach, name="Hopeless", cost="high", capacity="high", energy="high")
    lean = dict(
        evidence="strong",
        audience_size="medium",
        motivation="mixed",
        energy="low",
        timescale="medium",
        funding="none",
        capacity="limited",
    )
    combinations = [
        {**lean, "complexity": complexity, "level": level}
        for complexity in ("simple", "complex")
        for level in ("local", "national")
    ]
    coverage = never_in_top(top=3, combinations=combinations)
    assert coverage.never == ("hopeless",)
    assert coverage.combinations == 4


def test_coverage_runs_over_every_answer_combination():
    assert len(list(all_answer_combinations())) == 3**9


def test_never_in_top_uses_the_given_engine_and_combinations():
    calls = []

    def fake(answers, snapshot):
        calls.append(answers)
        from types import SimpleNamespace

        return SimpleNamespace(methods=[SimpleNamespace(slug=m.slug) for m in snapshot.methods[:2]])

    combination = dict(
        evidence="strong",
        complexity="simple",
        level="local",
        audience_size="small",
        motivation="mixed",
        energy="low",
        timescale="short",
        funding="none",
        capacity="limited",
    )
    coverage = never_in_top(recommend=fake, combinations=[combination], top=2)
    assert len(calls) == 1 and isinstance(calls[0], Answers)
    assert len(coverage.never) == models.Method.objects.published().count() - 2


def test_coverage_over_all_combinations_is_cached_per_content_version():
    started = time.perf_counter()
    first = never_in_top()
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = never_in_top()
    assert again == first
    assert time.perf_counter() - started < first_seconds / 10 + 0.01
