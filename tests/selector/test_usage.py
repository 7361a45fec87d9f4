"""Anonymous usage counts: recorded per day without personal data, shown to editors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from content import models
from selector import usage
from tests.factories import UserFactory, make_editor

pytestmark = pytest.mark.django_db

ANSWERS = {
    "evidence": "strong",
    "complexity": "complex",
    "level": "regional",
    "audience_size": "large",
    "audience": ["clinicians", "managers"],
    "motivation": "mixed",
    "energy": "moderate",
    "timescale": "long",
    "funding": "limited",
    "capacity": "moderate",
}
TOP = [
    "networking-peer-learning-and-collaboration",
    "building-capacity-and-capability",
    "piloting-and-rolling-out",
    "governing-and-assuring",
]


def _count(dimension: str, value: str) -> int:
    row = models.UsageCount.objects.filter(
        date=timezone.localdate(), dimension=dimension, value=value
    ).first()
    return row.count if row else 0


def test_a_result_view_counts_each_answer_and_the_top_three_approaches():
    usage.record_result_view(answers=ANSWERS, top_approach_slugs=TOP)
    assert _count("results", "all") == 1
    assert _count("answer:funding", "limited") == 1
    assert _count("answer:audience", "clinicians") == 1
    assert _count("answer:audience", "managers") == 1
    assert _count("approach", TOP[0]) == 1
    assert _count("approach", TOP[2]) == 1
    assert _count("approach", TOP[3]) == 0  # only the top three


def test_counts_add_up_over_views():
    for _ in range(3):
        usage.record_result_view(answers=ANSWERS, top_approach_slugs=TOP)
    assert _count("answer:evidence", "strong") == 3
    assert models.UsageCount.objects.filter(dimension="answer:evidence").count() == 1


def test_unknown_questions_and_values_are_not_stored():
    usage.record_result_view(
        answers={"evidence": "strong", "email": "someone@example.org", "funding": "<script>"},
        top_approach_slugs=[],
    )
    stored = set(models.UsageCount.objects.values_list("dimension", "value"))
    assert stored == {("results", "all"), ("answer:evidence", "strong")}


def test_nothing_personal_is_stored():
    fields = {f.name for f in models.UsageCount._meta.get_fields()}
    assert fields == {"id", "date", "dimension", "value", "count"}


def test_usage_page_shows_counts_as_an_accessible_chart(client):
    usage.record_result_view(answers=ANSWERS, top_approach_slugs=TOP)
    models.UsageCount.objects.create(
        date=timezone.localdate() - datetime.timedelta(days=2),
        dimension="results",
        value="all",
        count=4,
    )
    client.force_login(make_editor())
    response = client.get(reverse("admin:content_usage"), {"days": 7})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["results_total"] == 5
    assert 'role="img"' in html
    assert "<title" in html
    assert "Networking, peer learning and collaboration" in html or TOP[0] in html
    assert "style=" not in html.split('id="content-main"')[1]
    heights = [b["height"] for b in response.context["day_bars"] if b["count"]]
    assert max(heights) == 140 and min(heights) == 35  # 4 and 1, scaled to the tallest


def test_usage_page_needs_the_view_permission(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:content_usage")).status_code == 403


def test_usage_page_ignores_an_unknown_period(client):
    client.force_login(make_editor())
    assert client.get(reverse("admin:content_usage"), {"days": "x"}).context["days"] == 30
