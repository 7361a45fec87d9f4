"""Permalinks and saved plans made by the release before the decision model changed (see
fixtures/release_links_and_plans.json): they still load, render and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from selector.models import Plan, PlanMethod, hash_key
from selector.plans import recommendation_from_data

from .plans_support import export_url, plan_url

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "release_links_and_plans.json").read_text("utf-8")
)
PERMALINKS = FIXTURE["permalinks"]
SAVED = FIXTURE["saved_plans"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", PERMALINKS)
def test_an_old_permalink_still_renders_a_result(client, query):
    response = client.get(f"{reverse('selector:result')}?{query}")
    assert response.status_code == 200
    assert b'id="robustness"' in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("query", PERMALINKS)
def test_an_old_api_call_still_answers_with_every_old_field(client, query):
    body = client.get(f"{reverse('selector:api-recommendation')}?{query}").json()
    old_fields = {"answers", "ready_to_spread", "readiness_advice", "approaches", "methods"}
    old_fields |= {"plan", "case_examples", "permalink", "content_version"}
    assert old_fields <= set(body)
    # The new optional questions come back neutral.
    assert body["answers"]["lead"] == "" and body["answers"]["intervention"] == ""


def _saved(data: dict) -> str:
    key = f"release-fixture-{data['title'].replace(' ', '-')}"
    plan = Plan.objects.create(
        key_hash=hash_key(key),
        title=data["title"],
        answers=data["answers"],
        content_version=data["content_version"],
        recommendation=data["recommendation"],
    )
    for order, row in enumerate(data["methods"]):
        PlanMethod.objects.create(
            plan=plan,
            slug=row["slug"],
            name=row["name"],
            recommended=True,
            phase=row["phase"],
            order=order,
        )
    return key


@pytest.mark.parametrize("data", SAVED, ids=lambda d: d["title"])
def test_an_old_saved_recommendation_still_reads(data):
    old = recommendation_from_data(data["recommendation"])
    assert old.not_recommended == () and old.robustness is None
    assert old.answers.lead == ""


@pytest.mark.django_db
@pytest.mark.parametrize("data", SAVED, ids=lambda d: d["title"])
def test_an_old_saved_plan_still_renders_and_exports(client, data):
    key = _saved(data)
    page = client.get(plan_url(key))
    assert page.status_code == 200
    assert data["methods"][0]["name"].encode() in page.content
    exported = client.get(export_url(key, "json"))
    assert exported.status_code == 200
    assert json.loads(exported.content)["not_recommended"] == []
