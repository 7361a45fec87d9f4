"""The step logic as data (selector.wizard)."""

from __future__ import annotations

from django.http import QueryDict

from selector import check_answers, wizard
from selector.comparison import compare
from selector.questions import QUESTION_BY_NAME, QUESTIONS

from .wizard_support import FULL, answers, fake_recommendation, path_of, query_of


def q(name: str):
    return QUESTION_BY_NAME[name]


def test_first_unanswered_is_first_step_with_nothing():
    assert wizard.first_unanswered({}) == QUESTIONS[0]


def test_first_unanswered_looks_after_the_current_step_then_wraps():
    clean = {"evidence": "strong", "level": "local"}

    # Who leads is optional, but nothing after it is answered yet, so it is asked.
    assert wizard.first_unanswered(clean, after="level").name == "lead"
    assert wizard.first_unanswered(clean, after="capacity").name == "complexity"


def test_optional_question_counts_as_answered_once_passed():
    assert not wizard.is_answered(q("audience"), {"evidence": "strong"})
    assert wizard.is_answered(q("audience"), {"motivation": "mixed"})
    assert wizard.is_answered(q("audience"), {"audience": ("industry",)})


def test_everything_answered_leads_to_check_page():
    assert path_of(wizard.url_after("capacity", dict(FULL), None)) == "/plan/check/"


def test_return_target_only_when_nothing_required_is_missing():
    assert path_of(wizard.url_after("funding", dict(FULL), "result")) == "/plan/result"
    partial = {k: v for k, v in FULL.items() if k != "energy"}
    assert path_of(wizard.url_after("funding", partial, "result")) == "/plan/energy/"


def test_unknown_return_target_is_ignored():
    assert wizard.return_target(QueryDict("return=https://evil.example")) is None
    assert wizard.return_target(QueryDict("return=check")) == "check"


def test_read_answers_separates_good_and_bad():
    given = wizard.read_answers(QueryDict("evidence=strong&level=x&funding=none&funding=limited"))

    assert given.clean == {"evidence": "strong"}
    assert set(given.errors) == {"level", "funding"}
    assert [question.name for question in given.dropped] == ["level", "funding"]


def test_read_answers_of_empty_query_checks_nothing():
    assert wizard.read_answers(QueryDict("")) == wizard.GivenAnswers({}, {})


def test_fix_url_carries_only_the_bad_value_of_its_step():
    url = wizard.fix_url(QueryDict("evidence=strong&complexity=nope&level=bad"))

    assert path_of(url) == "/plan/complexity/"
    assert query_of(url) == {"evidence": ["strong"], "complexity": ["nope"]}


def test_step_urls_are_canonical_whatever_the_input_order():
    a = wizard.step_url("energy", {"funding": "none", "evidence": "strong"})
    b = wizard.step_url("energy", {"evidence": "strong", "funding": "none"})

    assert a == b == "/plan/energy/?evidence=strong&funding=none"


def test_check_rows_mark_missing_and_optional_answers():
    rows = {row.question.name: row for row in check_answers.check_rows({"evidence": "strong"})}

    assert rows["evidence"].answer == "Strong"
    assert rows["level"].answer is None
    assert rows["audience"].answer is None
    assert "return=check" in rows["level"].change_url


def test_compare_reports_moves_and_method_changes():
    before = fake_recommendation(answers())
    after = fake_recommendation(answers(funding="substantial"))
    comparison = compare(q("funding"), "substantial", before, after)

    assert comparison.approaches[0].slug == "investing"
    assert comparison.approaches[0].rank_change == 2
    assert [m.slug for m in comparison.methods_in] == ["incentive-payment"]
    assert [m.slug for m in comparison.methods_out] == ["pilot-sites"]
    assert comparison.anything_moved


def test_compare_same_answers_moves_nothing():
    same = fake_recommendation(answers())

    assert not compare(q("funding"), "none", same, same).anything_moved
