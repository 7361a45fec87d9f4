"""The board paper's team section, from ``Plan.team_summary`` (written by the teams app).

``team_line`` turns the stored JSON into what the exports read: title, members, named,
closed_at and contested (question, answers as "Label (count)", changes_plan, outcome), the
same names the summary's own team line uses, so the PDF partial
(``templates/selector/exports/_team_section.html``) and ``add_to_word`` read either.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import pluralize


def team_line(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if not data:
        return None
    return {
        "title": str(data.get("title", "")),
        "members": int(data.get("members") or 0),
        "named": tuple(str(n) for n in data.get("named") or ()),
        "closed_at": str(data.get("closed_at") or ""),
        "contested": tuple(
            {
                "question": str(c.get("question", "")),
                "answers": tuple(f"{a['label']} ({a['count']})" for a in c.get("answers") or ()),
                "changes_plan": bool(c.get("changes_plan")),
                "outcome": str(c.get("outcome", "")),
            }
            for c in data.get("contested") or ()
        ),
    }


def _field(item: Any, name: str) -> Any:
    # The line is a dict here and a dataclass in the summary being redesigned: read both.
    return item[name] if isinstance(item, dict) else getattr(item, name)


def add_to_word(doc, team: Any) -> None:
    if not team:
        return
    members, named = _field(team, "members"), list(_field(team, "named"))
    text = (
        f"{members} {pluralize(members, 'person,people')} answered the planning questions in "
        f"the team plan “{_field(team, 'title')}”"
    )
    if _field(team, "closed_at"):
        text += f", which closed on {_field(team, 'closed_at')}"
    text += "."
    if named:
        text += f" Named members: {', '.join(named)}."
    if members > len(named):
        text += " Others took part anonymously."
    doc.add_heading("The team behind this plan", level=2)
    doc.add_paragraph(text)
    contested = _field(team, "contested")
    if not contested:
        doc.add_paragraph("The team broadly agreed on every question.")
        return
    doc.add_heading("Where the team disagreed", level=3)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, heading in zip(
        table.rows[0].cells, ("Question", "Answers given", "Effect on the plan"), strict=True
    ):
        cell.text = heading
    for item in contested:
        cells = table.add_row().cells
        cells[0].text = _field(item, "question")
        cells[1].text = "; ".join(_field(item, "answers"))
        effect = (
            "Changes the plan." if _field(item, "changes_plan") else "Does not change the plan."
        )
        cells[2].text = f"{effect} {_field(item, 'outcome')}".strip()
