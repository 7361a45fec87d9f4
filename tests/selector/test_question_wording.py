"""Each question's own error message, and long explanations folded into details."""

from __future__ import annotations

import pytest
from django.urls import reverse

from selector.questions import QUESTIONS

REQUIRED = [q for q in QUESTIONS if q.required]


def test_every_required_question_has_its_own_error_message():
    errors = [q.required_error for q in REQUIRED]
    assert all(q.error for q in REQUIRED)
    assert len(set(errors)) == len(errors)
    assert not any("Select an option for" in e for e in errors)


@pytest.mark.django_db
@pytest.mark.parametrize("question", REQUIRED, ids=lambda q: q.name)
def test_an_unanswered_step_shows_the_questions_own_error(client, question):
    url = reverse("selector:step", kwargs={"step": question.name})
    response = client.post(url, {})
    assert response.status_code in (200, 400)
    assert question.error in response.content.decode()


@pytest.mark.django_db
def test_a_long_explanation_is_in_details_not_the_hint(client):
    question = next(q for q in QUESTIONS if q.name == "complexity")
    summary, text = question.details
    assert summary and len(question.help_text) < 100
    page = client.get(reverse("selector:step", kwargs={"step": "complexity"})).content.decode()
    assert '<details class="nhsuk-details">' in page
    assert summary in page and text.split(":")[0] in page
