"""What a health check reports: problems, each with a link to the item to fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from ..choices import Status


@dataclass(frozen=True)
class Problem:
    item: str
    detail: str
    admin_url: str = ""
    status: str = Status.PUBLISHED
    explanation: str = ""  # why it is acceptable, for known remaining items


@dataclass
class Check:
    slug: str
    title: str
    description: str
    problems: list[Problem] = field(default_factory=list)
    note: str = ""
    seconds: float = 0.0


def admin_url(obj: Any) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def problem_for(obj: Any, detail: str, explanation: str = "") -> Problem:
    label = f"{obj._meta.verbose_name.capitalize()}: {obj}"
    status = getattr(obj, "status", Status.PUBLISHED)
    return Problem(label, detail, admin_url(obj), status, explanation)
