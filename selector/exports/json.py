"""JSON: the summary as data, for other tools."""

from __future__ import annotations

import json

from ..summary import PlanSummary


def render(summary: PlanSummary) -> bytes:
    return json.dumps(summary.as_dict(), indent=2, ensure_ascii=False).encode("utf-8")
