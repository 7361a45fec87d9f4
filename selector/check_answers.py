"""The check-your-answers page: each question with its answer and a link to change it."""

from __future__ import annotations

from dataclasses import dataclass

from .answers import CleanAnswers
from .questions import QUESTIONS, Question
from .wizard import is_answered, step_url


@dataclass(frozen=True)
class CheckRow:
    question: Question
    answer: str | None  # None when not answered yet
    change_url: str


def check_rows(clean: CleanAnswers) -> list[CheckRow]:
    rows = []
    for question in QUESTIONS:
        value = clean.get(question.name)
        if question.multiple:
            answered = is_answered(question, clean)
            labels = [question.label_for(v) for v in (value or ())]
            text = ", ".join(labels) or ("None chosen" if answered else None)
        else:
            text = question.label_for(value) if value else None
        rows.append(CheckRow(question, text, step_url(question.name, clean, "check")))
    return rows
