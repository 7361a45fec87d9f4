"""Word: python-docx with the real Heading 1/2/3 styles, so the navigation pane and any
table of contents work."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from docx import Document

from ..summary import PlanSummary
from ..team_section import add_to_word as add_team_section

# Characters XML 1.0 cannot hold (python-docx refuses them): dropped from user text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    return _NOT_XML.sub("", text)


def _bullets(doc, items) -> None:
    for item in items:
        doc.add_paragraph(item, style="List Bullet")


def _labelled(doc, label: str, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)


def _note(doc, text: str) -> None:
    for line in text.strip().splitlines():
        paragraph = doc.add_paragraph(line, style="Quote")
        paragraph.paragraph_format.keep_together = True


def _clean(summary: PlanSummary) -> PlanSummary:
    """The summary with the user's own text made safe for XML."""
    return replace(
        summary,
        title=_x(summary.title),
        organisation=_x(summary.organisation),
        owner=_x(summary.owner),
        note=_x(summary.note),
        methods=tuple(replace(m, note=_x(m.note)) for m in summary.methods),
    )


def render(summary: PlanSummary) -> bytes:
    s = _clean(summary)
    doc = Document()
    props = doc.core_properties
    props.title = s.title
    props.author = s.owner or "Spread Guide"
    props.subject = "Spread and scale plan"
    props.keywords = f"content version {s.content_version}"
    props.comments = s.permalink

    doc.add_heading(s.title, level=1)
    _labelled(doc, "Date", f"{s.date.day} {s.date:%B %Y}")
    if s.organisation:
        _labelled(doc, "Organisation", s.organisation)
    if s.owner:
        _labelled(doc, "Owner", s.owner)
    _labelled(doc, "Guide content version", s.content_version)
    _labelled(doc, "Permalink", s.permalink)
    if s.note:
        doc.add_heading("Overall note", level=2)
        _note(doc, s.note)

    doc.add_heading("Your answers", level=2)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for a in s.answers:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = a.label, a.answer

    doc.add_heading("Readiness to spread", level=2)
    doc.add_paragraph().add_run(s.readiness_label).bold = True
    if s.readiness_advice:
        doc.add_paragraph(s.readiness_advice)

    doc.add_heading("Approaches, best fit first", level=2)
    for a in s.approaches:
        doc.add_heading(f"{a.rank}. {a.name} ({a.score} out of 100)", level=3)
        _bullets(doc, a.reasons)

    doc.add_heading("Chosen methods and levers", level=2)
    if not s.methods:
        doc.add_paragraph("No methods are kept in this plan.")
    for m in s.methods:
        doc.add_heading(f"{m.position}. {m.name}", level=3)
        facts = [
            f"{m.kind.capitalize()} in {m.approach}" if m.approach else "",
            f"score {m.score} out of 100" if m.score is not None else "added by you",
            f"phase: {m.phase}",
        ]
        doc.add_paragraph("; ".join(f for f in facts if f))
        if m.role:
            _labelled(doc, "Why it is in the combination", m.role)
        if m.reasons:
            doc.add_paragraph().add_run("Reasons").bold = True
            _bullets(doc, m.reasons)
        if m.considerations:
            doc.add_paragraph().add_run("Practical considerations").bold = True
            _bullets(doc, [f"{c.topic}: {c.text}" for c in m.considerations])
        if m.note:
            doc.add_paragraph().add_run("Your note").bold = True
            _note(doc, m.note)
        if m.url:
            _labelled(doc, "More", m.url)

    doc.add_heading("Phased plan", level=2)
    for p in s.phases:
        doc.add_heading(f"Phase {p.number}: {p.name}", level=3)
        if p.description:
            doc.add_paragraph(p.description)
        together = "at the same time" if p.concurrent else "one after another"
        if p.methods:
            doc.add_paragraph(f"Methods ({together}):")
            _bullets(doc, p.methods)
        else:
            doc.add_paragraph("No methods in this phase.")

    doc.add_heading("Case examples like yours", level=2)
    if not s.case_examples:
        doc.add_paragraph("No close case examples.")
    _bullets(
        doc,
        [
            f"{c.title}: {c.similarity}% similar."
            + (f" In common: {', '.join(c.shared)}." if c.shared else "")
            + (f" {c.url}" if c.url else "")
            for c in s.case_examples
        ],
    )

    doc.add_heading("Principles to keep in mind", level=2)
    _bullets(doc, [f"{g.title}: {g.why}" for g in s.guidance])

    add_team_section(doc, s.team)
    doc.add_heading("Sources and credits", level=2)
    doc.add_paragraph(s.credits)
    _bullets(
        doc,
        [
            f"{src.title}, {src.publisher}"
            + (f" ({src.year})" if src.year else "")
            + (f". {src.url}" if src.url else "")
            for src in s.sources
        ],
    )

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
