"""Queries per team page do not grow with the number of members (10 against 200)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import add_members, make_team

from .support import split_questions, three_members

MAX_QUERIES = 8


def team_of(size: int):
    made = make_team(title=f"Team of {size}")
    changing, stable = split_questions()
    kinds = three_members(changing, stable)
    for i in range(size):
        add_members(made.team, kinds[i % 3], name="Member", comment="A comment")
    made.team.share_summary = True
    made.team.save()
    return made


def queries(client, url: str) -> int:
    client.get(url)  # warm the guide snapshot and the engine's tables
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def lead_page_url(client, made) -> str:
    return reverse("teams:lead", kwargs={"key": made.lead_key})


def api_url(client, made) -> str:
    return reverse("teams:api", kwargs={"key": made.lead_key})


def member_done_url(client, made) -> str:
    """This client joins as one more member (so the larger team reaches 200 with it)."""
    client.get(reverse("teams:join", kwargs={"key": made.join_key}))
    client.post(reverse("teams:join", kwargs={"key": made.join_key}), {"display_name": ""})
    return reverse("teams:done", kwargs={"key": made.join_key})


@pytest.mark.parametrize(
    "page",
    [lead_page_url, api_url, member_done_url],
    ids=["lead page", "api", "member page with the shared summary"],
)
def test_queries_are_the_same_for_10_and_200_members(client, db, page):
    joins = page is member_done_url
    small, large = team_of(10 - joins), team_of(200 - joins)
    counts = [queries(client, page(client, small)), queries(client, page(client, large))]
    assert counts[0] == counts[1]
    assert counts[0] <= MAX_QUERIES
