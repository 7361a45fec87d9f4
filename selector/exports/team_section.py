"""The team section of the Word board paper, from ``Plan.team_summary`` (the same words as
``templates/selector/exports/_team_section.html``, which the PDF includes)."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import pluralize


def add_to_word(doc, team: dict[str, Any] | None) -> None:
    if not team:
        return
    members = int(team.get("members", 0))
    named = [str(n) for n in team.get("named", [])]
    text = (
        f"{members} {pluralize(members, 'person,people')} answered the planning questions in "
        f"the team plan “{team.get('title', '')}”"
    )
    if team.get("closed_at"):
        text += f", which closed on {team['closed_at']}"
    text += "."
    if named:
        text += f" Named members: {', '.join(named)}."
    if members > len(named):
        text += " Others took part anonymously."
    doc.add_heading("The team behind this plan", level=2)
    doc.add_paragraph(text)
    contested = team.get("contested") or []
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
        cells[0].text = str(item.get("question", ""))
        cells[1].text = "; ".join(f"{a['label']}: {a['count']}" for a in item.get("answers", []))
        effect = "Changes the plan." if item.get("changes_plan") else "Does not change the plan."
        cells[2].text = f"{effect} {item.get('outcome', '')}".strip()
