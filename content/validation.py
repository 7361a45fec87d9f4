"""Consistency rules for what the engine reads, checked in admin forms.

Each rule returns messages by field that say what to fix. The model's own ``clean`` already
requires at least one complexity, level, audience size and stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .choices import AudienceSize, Kind, Level, Motivation, Stage, Status


def method_problems(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """Problems with a method's values (a form's cleaned_data), as messages by field name."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    stages = data.get("stages") or []
    levels = data.get("levels") or []
    sizes = data.get("audience_sizes") or []

    if data.get("builds_evidence") and not {Stage.PROTOTYPE, Stage.TESTING} & set(stages):
        add(
            "stages",
            "A method that builds evidence is used while an intervention is still being "
            "proven: tick the prototype or testing stage, or untick 'builds evidence'.",
        )
    if data.get("kind") == Kind.LEVER and data.get("motivation") == Motivation.INTRINSIC:
        add(
            "motivation",
            "A lever works through money or authority, so it cannot rely on intrinsic "
            "motivation alone: choose extrinsic or mixed, or make it a method.",
        )
    if levels and set(levels) == {Level.LOCAL} and AudienceSize.LARGE in sizes:
        add(
            "audience_sizes",
            "A method used only at local level cannot reach a large audience (many "
            "organisations): add the regional or national level, or untick 'large'.",
        )
    approach = data.get("approach")
    if (
        data.get("status") == Status.PUBLISHED
        and approach is not None
        and approach.status != Status.PUBLISHED
    ):
        add(
            "status",
            f"Its approach '{approach}' is a draft, so this method would stay hidden: publish "
            "the approach first, or keep this method as a draft.",
        )
    return problems
