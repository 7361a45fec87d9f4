"""Shared helpers for the saved-plan and export tests (no tests here)."""

from __future__ import annotations

import re

from django.urls import reverse

from selector.answers import Answers, answers_to_query
from selector.models import Plan
from selector.plans import create_plan_from_answers

from .wizard_support import FULL

TYPICAL = {**FULL, "funding": "limited"}


def typical_answers(**changes: object) -> Answers:
    return Answers(**{**TYPICAL, **changes})  # type: ignore[arg-type]


def typical_query(**changes: object) -> str:
    return answers_to_query({**TYPICAL, **changes})


def plan_url(key: str) -> str:
    return reverse("selector:plan-detail", kwargs={"key": key})


def export_url(key: str, fmt: str) -> str:
    return reverse("selector:plan-export", kwargs={"key": key, "fmt": fmt})


def form_data(plan: Plan, **changes: object) -> dict[str, object]:
    """What the plan page's form posts when submitted untouched, with some fields changed."""
    data: dict[str, object] = {
        "title": plan.title,
        "organisation": plan.organisation,
        "owner": plan.owner,
        "note": plan.note,
        "version": plan.version,
    }
    for row in plan.methods.all():
        p = f"m-{row.slug}-"
        if row.included:
            data[p + "keep"] = "on"
        data[p + "phase"] = row.phase
        data[p + "order"] = row.order
        data[p + "note"] = row.note
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def make_saved_plan() -> tuple[Plan, str]:
    """A typical plan from the real engine and guide: (plan, key)."""
    return create_plan_from_answers(answers=typical_answers())


def make_tailored_plan() -> tuple[Plan, str]:
    """The typical plan with a title, notes on every kept method and an overall note."""
    plan, key = make_saved_plan()
    plan.title = "Frailty spread: board paper"
    plan.organisation = "North Region ICS"
    plan.owner = "A. Leader"
    plan.note = "Overall: start small, report monthly."
    plan.save()
    for i, row in enumerate(plan.methods.all(), start=1):
        row.note = f"Note number {i} on {row.name}"
        row.save()
    return plan, key
