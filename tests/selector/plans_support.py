"""Shared helpers for the saved-plan and export tests (no tests here)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.urls import reverse

from selector.answers import Answers, answers_to_query
from selector.models import Plan
from selector.plan_forms import PlanForm
from selector.plans import (
    create_plan_from_answers,
    current_edit,
    leader_phases,
    recommendation_from_data,
)

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


def form_data(plan: Plan, *, base: bool = True, **changes: object) -> dict[str, object]:
    """What the plan page's form posts when submitted untouched, with some fields changed.

    ``base`` (what the page showed when loaded) is sent as the page sends it, unless
    ``base=False`` (a form from before the page carried it)."""
    plan = Plan.objects.get(pk=plan.pk)
    saved = current_edit(plan)
    data: dict[str, object] = {
        name: value
        for name, value in PlanForm.data_for(saved, version=plan.version, base=saved).items()
    }
    if not base:
        data.pop("base")
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


def make_one_phase_plan() -> tuple[Plan, str]:
    """A plan whose methods the engine puts all in its first phase (a short timescale starts
    everything at once), for tests that move and reorder methods within and across phases."""
    plan, key = create_plan_from_answers(answers=typical_answers(timescale="short"))
    phases = set(plan.methods.values_list("phase", flat=True))
    assert phases == {"now"} and plan.methods.count() >= 3, (
        "the engine no longer starts all at once"
    )
    return plan, key


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


class _PlanFormValues(HTMLParser):
    """Collects what the plan page's form would post, as a browser would."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = "sg-plan-form" in (a.get("class") or "")
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind == "checkbox" else ""
            self.values.append((a["name"], a.get("value", default) or ""))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.values.append((a["name"], ""))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            name, text = self.values[-1]
            self.values[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
            name, text = self.values[-1]
            self.values[-1] = (name, text.removeprefix("\n"))  # as browsers read it
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def page_form(html: str, **changes: object) -> dict[str, object]:
    """What the plan page's form posts when submitted as shown, with some fields changed."""
    parser = _PlanFormValues()
    parser.feed(html)
    data: dict[str, object] = {}
    for name, value in parser.values:
        if name == "add":
            data.setdefault("add", []).append(value)  # type: ignore[union-attr]
        else:
            data[name] = value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def phase_name(plan: Plan, when: str) -> str:
    """A phase's name as the plan page shows it (the engine words it, so tests ask)."""
    phases = leader_phases(recommendation_from_data(plan.recommendation))
    return next(p.name for p in phases if p.when == when)
