"""CSV: one row per chosen method, in plan order, for spreadsheets and trackers."""

from __future__ import annotations

import csv
import io

from ..summary import PlanSummary

COLUMNS = (
    "position",
    "phase",
    "method",
    "kind",
    "approach",
    "score",
    "origin",
    "role",
    "function",
    "caveat",
    "reasons",
    "practical considerations",
    "note",
    "link",
    "plan title",
    "content version",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Text for a cell; a leading formula character is escaped so spreadsheets show it as text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(summary: PlanSummary) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for m in summary.methods:
        writer.writerow(
            _cell(v)
            for v in (
                m.position,
                m.phase,
                m.name,
                m.kind,
                m.approach,
                m.score,
                m.origin,
                m.role,
                m.function,
                m.caveat,
                "\n".join(
                    f"{r.text} ({r.points_text})" if r.points_text else r.text for r in m.reasons
                ),
                "\n".join(f"{c.topic}: {c.text}" for c in m.considerations),
                m.note,
                m.url,
                summary.title,
                summary.content_version,
            )
        )
    # A byte-order mark so Excel reads the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
