"""The one view-model (selector.summary): wording decided once, contract fields carried."""

from __future__ import annotations

import pytest

from selector.engine import recommend_for
from selector.plans import create_plan_from_answers
from selector.summary import (
    READINESS,
    list_items,
    phase_title,
    points_text,
    public_base_url,
    summary_from_plan,
    summary_from_recommendation,
)
from tests.factories import make_board_plan, with_contract_fields

from .plans_support import typical_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract_result():
    return with_contract_fields(recommend_for(typical_answers(evidence="limited")))


def test_phase_titles_put_the_phase_number_first_and_the_when_in_brackets():
    assert phase_title(1, "Now: get started") == "Phase 1 (now): get started"
    assert phase_title(3, "The plan") == "Phase 3: The plan"


def test_points_are_signed_with_a_real_minus():
    assert (points_text(5), points_text(-3), points_text(0)) == ("+5", "\u22123", "")


def test_each_readiness_has_one_distinct_wording():
    labels = [r.label for r in READINESS.values()]

    assert len(set(labels)) == len(labels) == 3


def test_a_phase_with_one_method_is_not_said_to_run_at_the_same_time():
    summary = summary_from_recommendation(recommend_for(typical_answers(evidence="limited")))

    for phase in summary.phases:
        assert (phase.together == "") == (len(phase.methods) < 2)


def test_the_headline_names_the_lead_approach_and_its_partner(contract_result):
    summary = summary_from_recommendation(contract_result)

    assert summary.lead_approach == contract_result.approaches[0].name
    assert summary.partner_approach and summary.partner_approach != summary.lead_approach
    assert summary.lead_approach in summary.headline
    assert summary.partner_approach in summary.headline
    assert len(summary.why) == 3


def test_approaches_within_the_score_margin_are_equally_good(contract_result):
    summary = summary_from_recommendation(contract_result)
    top = summary.approaches[0].score

    for approach in summary.approaches[1:]:
        assert approach.equally_good == (top - approach.score <= contract_result.score_margin)
    assert not summary.approaches[0].equally_good


def test_without_a_margin_no_approach_is_equally_good():
    from dataclasses import replace

    result = replace(recommend_for(typical_answers()), score_margin=0)
    summary = summary_from_recommendation(result)

    assert not any(a.equally_good for a in summary.approaches)


def test_contract_fields_survive_saving_the_plan(contract_result):
    plan, _ = create_plan_from_answers(
        answers=contract_result.answers, recommendation=contract_result
    )
    saved = summary_from_plan(plan)
    fresh = summary_from_recommendation(contract_result)

    assert saved.not_recommended == fresh.not_recommended and saved.not_recommended
    assert saved.robustness == fresh.robustness and saved.robustness.startswith("Holds for 8")
    assert [m.caveat for m in saved.methods] == [m.caveat for m in fresh.methods]
    assert any(m.caveat for m in saved.methods)
    assert all(m.function for m in saved.methods)
    assert saved.score_margin == contract_result.score_margin


def test_board_fields_of_a_saved_plan_reach_the_summary(contract_result):
    plan, _ = create_plan_from_answers(
        answers=contract_result.answers, recommendation=contract_result
    )
    summary = summary_from_plan(make_board_plan(plan))
    first = summary.phases[0]

    assert summary.decision_sought == "Approve the first phase and its funding."
    assert summary.key_risks == (
        "Clinical time may not be released.",
        "Data sharing may be slow to agree.",
    )
    assert (first.start_month, first.end_month, first.months_set) == (1, 4, True)
    assert (first.owner, first.cost_estimate) == ("Owner 1", "£10k")
    assert summary.team.title == "Frailty steering group"
    assert summary.team.contested[0].answers == ("Limited (3)", "None (1)")


def test_months_are_indicative_from_the_timescale_when_not_set():
    summary = summary_from_recommendation(recommend_for(typical_answers(timescale="long")))

    assert not any(p.months_set for p in summary.phases)
    assert summary.phases[-1].end_month == summary.timeline_months == 36
    for phase in summary.phases:
        assert phase.lead_cols + phase.span_cols + phase.trail_cols == len(summary.timeline_columns)


def test_the_public_address_is_site_url_when_set(settings):
    settings.SITE_URL = "https://spread.example.nhs.uk"
    assert public_base_url("http://localhost:8000/") == "https://spread.example.nhs.uk"
    settings.SITE_URL = ""
    assert public_base_url("http://testserver/") == "http://testserver/"


def test_list_items_reads_a_markdown_bullet_list_with_wrapped_lines():
    text = "- First point\n  carries on.\n- Second *point*."

    assert list_items(text) == ("First point carries on.", "Second point.")


def test_our_assessment_markers_from_the_guide_reach_methods(contract_result):
    from dataclasses import replace

    from content.snapshot import get_snapshot

    snapshot = get_snapshot()
    slug = contract_result.recommended_methods[0].slug
    marked = replace(
        snapshot,
        methods=tuple(
            replace(m, assessed={"cost": "We rate it high: new money is needed."})
            if m.slug == slug
            else m
            for m in snapshot.methods
        ),
    )
    summary = summary_from_recommendation(contract_result, snapshot=marked)
    line = next(m for m in summary.methods if m.slug == slug)

    assert [(a.field, a.text) for a in line.assessed] == [
        ("cost", "We rate it high: new money is needed.")
    ]


def test_fields_that_share_a_reason_are_named_together_once(contract_result):
    from dataclasses import replace

    from content.snapshot import get_snapshot

    snapshot = get_snapshot()
    slug = contract_result.recommended_methods[0].slug
    reason = "The NHS pages do not rate this; the rating is ours."
    marked = replace(
        snapshot,
        methods=tuple(
            replace(m, assessed={"cost": reason, "time_to_effect": reason, "energy": "Other."})
            if m.slug == slug
            else m
            for m in snapshot.methods
        ),
    )
    line = next(
        m
        for m in summary_from_recommendation(contract_result, snapshot=marked).methods
        if m.slug == slug
    )

    assert [(a.field, a.text) for a in line.assessed] == [
        ("cost and time to effect", reason),
        ("energy", "Other."),
    ]


def test_a_local_request_never_puts_localhost_into_a_production_export(settings):
    settings.SITE_URL, settings.PRODUCTION = "", True
    settings.ALLOWED_HOSTS = ["localhost", "spread.example.nhs.uk"]

    assert public_base_url("http://localhost:8000/") == "https://spread.example.nhs.uk"
