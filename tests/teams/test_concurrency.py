"""Many members at once, against PostgreSQL (SQLite serialises every write, so proves nothing).

Each thread is a separate browser (its own test client, cookie and database connection)
going through the real pages.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from selector.questions import QUESTIONS
from teams.member_views import COOKIE
from teams.models import Member, MemberAnswer
from tests.factories import make_team

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="needs PostgreSQL: SQLite allows one writer at a time, so threads cannot race "
        "(set DATABASE_URL=postgres://...)",
    ),
]
MEMBERS = 50


def _value(question, i: int):
    if question.multiple:
        return [question.values[i % len(question.values)]]
    return question.values[i % len(question.values)]


def _run(count: int, work) -> list:
    barrier = threading.Barrier(count)

    def one(i: int):
        try:
            barrier.wait(timeout=30)
            return work(i)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def _answer_everything(client: Client, key: str, i: int) -> list[int]:
    codes = []
    for q in QUESTIONS:
        url = reverse("teams:step", kwargs={"key": key, "step": q.name})
        codes.append(client.post(url, {q.name: _value(q, i), "comment": f"from {i}"}).status_code)
    return codes


def test_fifty_members_submitting_at_once_lose_no_answer():
    made = make_team()
    join = reverse("teams:join", kwargs={"key": made.join_key})

    def member(i: int) -> list[int]:
        client = Client()
        client.get(join)
        codes = [client.post(join, {"display_name": f"Member {i}"}).status_code]
        return codes + _answer_everything(client, made.join_key, i)

    results = _run(MEMBERS, member)
    assert all(code == 303 for codes in results for code in codes), results
    assert Member.objects.filter(team=made.team).count() == MEMBERS
    assert MemberAnswer.objects.filter(member__team=made.team).count() == MEMBERS * len(QUESTIONS)
    for member in Member.objects.filter(team=made.team):
        i = int(member.display_name.split()[-1])
        saved = {a.question: a.value for a in member.answers.all()}
        assert saved == {q.name: _value(q, i) for q in QUESTIONS}


@override_settings(TEAM_SUBMISSIONS_PER_WINDOW=1000)  # 200 answers from one person at once
def test_one_member_sending_from_many_tabs_at_once_keeps_one_membership():
    made = make_team()
    join = reverse("teams:join", kwargs={"key": made.join_key})
    first = Client()
    first.get(join)
    secret = first.cookies[COOKIE].value

    def tab(i: int) -> list[int]:
        client = Client()
        client.cookies[COOKIE] = secret
        joined = client.post(join, {"display_name": "Asha"}).status_code
        return [joined, *_answer_everything(client, made.join_key, i)]

    _run(20, tab)
    assert Member.objects.filter(team=made.team).count() == 1
    assert MemberAnswer.objects.filter(member__team=made.team).count() == len(QUESTIONS)


@override_settings(TEAM_MEMBER_CAP=10)
def test_the_member_cap_holds_when_many_join_at_once():
    made = make_team()
    join = reverse("teams:join", kwargs={"key": made.join_key})

    def member(i: int) -> int:
        client = Client()
        client.get(join)
        return client.post(join, {"display_name": ""}).status_code

    codes = _run(30, member)
    assert Member.objects.filter(team=made.team).count() == 10
    assert sorted(codes) == [303] * 10 + [403] * 20
