"""Word: the board paper on A4, with the real Heading 1/2/3 styles so the navigation pane and
any table of contents work. The same sections, in the same order, as the PDF."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..summary import PlanSummary

# Characters XML 1.0 cannot hold (python-docx refuses them): dropped from user text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
A4 = (Mm(210), Mm(297))
MARGIN = Mm(18)
BAR_FILL = "D9E7F5"

# The section headings, in order: tests and readers rely on them matching the PDF's.
HEADINGS = (
    "Recommendation",
    "The plan on a page",
    "Resources and risks",
    "Similar programmes and what they achieved",
    "Appendix",
)


DOCX_PROPERTY_LIMIT = 255


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


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _clean(summary: PlanSummary) -> PlanSummary:
    """The summary with the user's own text made safe for XML."""
    return replace(
        summary,
        title=_x(summary.title),
        organisation=_x(summary.organisation),
        owner=_x(summary.owner),
        note=_x(summary.note),
        decision_sought=_x(summary.decision_sought),
        key_risks=tuple(_x(r) for r in summary.key_risks),
        methods=tuple(replace(m, note=_x(m.note)) for m in summary.methods),
        phases=tuple(
            replace(
                p,
                owner=_x(p.owner),
                cost_estimate=_x(p.cost_estimate),
                success_measure=_x(p.success_measure),
            )
            for p in summary.phases
        ),
    )


def _a4(doc) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN
    doc.styles["Normal"].font.size = Pt(10)


def _cover(doc, s: PlanSummary) -> None:
    doc.add_heading(s.title, level=1)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in (
        ("Organisation", s.organisation or "Not given"),
        ("Owner", s.owner or "Not given"),
        ("Date", f"{s.date.day} {s.date:%B %Y}"),
        ("Decision sought", s.decision_sought or "Not stated yet"),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].paragraphs[0].runs[0].bold = True


def _timeline(doc, s: PlanSummary) -> None:
    columns = s.timeline_columns
    table = doc.add_table(rows=1, cols=1 + len(columns))
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = "Phase"
    for cell, label in zip(header[1:], columns, strict=True):
        cell.text = label
    for phase in s.phases:
        cells = table.add_row().cells
        cells[0].text = phase.title
        first, last = 1 + phase.lead_cols, phase.lead_cols + phase.span_cols
        bar = cells[first].merge(cells[last]) if last > first else cells[first]
        months = phase.months + ("" if phase.months_set else " (indicative)")
        if phase.together:
            months += f", {phase.together.lower()}"
        bar.text = months
        for name in phase.methods or ("No methods yet",):
            bar.add_paragraph(name, style="List Bullet")
        _shade(bar, BAR_FILL)
    unit = f" ({s.timeline_unit} months a column)" if s.timeline_unit > 1 else ""
    doc.add_paragraph(f"Phases and their methods, by month{unit}.").runs[0].italic = True
    for phase in s.phases:
        facts = [
            f"Owner: {phase.owner}." if phase.owner else "",
            f"Cost: {phase.cost_estimate}." if phase.cost_estimate else "",
            f"Success looks like: {phase.success_measure}" if phase.success_measure else "",
        ]
        if any(facts):
            _labelled(doc, phase.title, " ".join(f for f in facts if f))


def _resources_and_risks(doc, s: PlanSummary) -> None:
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Method", "Resources needed", "Timeframe"), strict=True
    ):
        cell.text = text
    for m in s.methods:
        cells = table.add_row().cells
        cells[0].text = m.name
        cells[1].text = m.resources or "Not recorded"
        cells[2].text = m.timeframe or "Not recorded"
    doc.add_heading("Risks", level=3)
    _bullets(doc, s.key_risks)
    _bullets(doc, [f"{r.source}: {r.text}" for r in s.risks])
    _bullets(doc, [f"{m.name}: {m.caveat}" for m in s.methods if m.caveat])


def _team(doc, s: PlanSummary) -> None:
    team = s.team
    if team is None:
        return
    doc.add_heading("The team behind this plan", level=2)
    doc.add_paragraph(team.sentence)
    if not team.contested:
        doc.add_paragraph("The team broadly agreed on every question.")
        return
    doc.add_heading("Where the team disagreed", level=3)
    _bullets(
        doc,
        [
            f"{c.question}: {'; '.join(c.answers)}. {c.effect} {c.outcome}".strip()
            for c in team.contested
        ],
    )


def _appendix(doc, s: PlanSummary) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading(HEADINGS[4], level=2)
    _labelled(doc, "See this result online", s.permalink)
    if s.note:
        doc.add_heading("Overall note", level=3)
        _note(doc, s.note)

    doc.add_heading("Your answers", level=3)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for answer in s.answers:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = answer.label, answer.answer

    doc.add_heading("Readiness to spread", level=3)
    doc.add_paragraph(f"{s.readiness_label}. {s.readiness_advice}")
    if s.robustness:
        doc.add_paragraph(s.robustness)

    doc.add_heading("Approaches, best fit first, with the reasons", level=3)
    for approach in s.approaches:
        same = " (about as good as the best)" if approach.equally_good else ""
        doc.add_paragraph().add_run(
            f"{approach.rank}. {approach.name}: {approach.score} out of 100{same}"
        ).bold = True
        _bullets(
            doc,
            [f"{r.text} ({r.points_text})" if r.points_text else r.text for r in approach.reasons],
        )
        _bullets(doc, [f"Our assessment of {m.field}: {m.text}" for m in approach.assessed])

    doc.add_heading("The methods in the plan", level=3)
    if not s.methods:
        doc.add_paragraph("No methods are kept in this plan.")
    for m in s.methods:
        doc.add_paragraph().add_run(f"{m.position}. {m.name}").bold = True
        facts = [
            m.phase,
            f"{m.kind} in {m.approach}" if m.approach else "",
            f"score {m.score} out of 100" if m.score is not None else "not scored",
            m.origin_label.lower(),
            f"fills: {m.function}" if m.function else "",
        ]
        doc.add_paragraph("; ".join(f for f in facts if f))
        if m.role:
            _labelled(doc, "Its role", m.role)
        if m.caveat:
            _labelled(doc, "Watch out", m.caveat)
        _bullets(
            doc, [f"{r.text} ({r.points_text})" if r.points_text else r.text for r in m.reasons]
        )
        if m.considerations:
            _labelled(
                doc,
                "Practical considerations",
                " ".join(f"{c.topic}: {c.text}" for c in m.considerations),
            )
        _bullets(doc, [f"Our assessment of {a.field}: {a.text}" for a in m.assessed])
        if m.note:
            _note(doc, m.note)

    doc.add_heading("Considered and not recommended", level=3)
    if not s.not_recommended:
        doc.add_paragraph("No method was ruled out by a rule for these answers.")
    _bullets(doc, [f"{n.name} ({n.approach}): {n.sentence}" for n in s.not_recommended])

    doc.add_heading("Principles to keep in mind", level=3)
    _bullets(doc, [f"{g.title}: {g.why}" for g in s.guidance])

    doc.add_heading("Sources and credits", level=3)
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
    doc.add_paragraph(f"Guide content version {s.content_version}.")


def render(summary: PlanSummary) -> bytes:
    s = _clean(summary)
    doc = Document()
    _a4(doc)
    props = doc.core_properties
    props.title = s.title
    props.author = s.owner or "Spread Guide"
    props.subject = "Board paper: spread and scale plan"
    # Word caps this property at 255 characters; longer links (the optional answers) stay in
    # the body only, since a cut link would lead nowhere.
    props.comments = s.permalink if len(s.permalink) <= DOCX_PROPERTY_LIMIT else ""

    _cover(doc, s)
    doc.add_heading(HEADINGS[0], level=2)
    doc.add_paragraph().add_run(s.readiness_label).bold = True
    doc.add_paragraph().add_run(f"{s.headline} {s.plan_sentence}").bold = True
    doc.add_heading(HEADINGS[1], level=2)
    _timeline(doc, s)
    doc.add_heading(HEADINGS[2], level=2)
    _resources_and_risks(doc, s)
    doc.add_heading(HEADINGS[3], level=2)
    if not s.case_examples:
        doc.add_paragraph("No close case examples.")
    _bullets(
        doc,
        [
            f"{c.title} ({c.similarity}% similar)" + (f": {c.outcomes[0]}" if c.outcomes else ".")
            for c in s.case_examples[:3]
        ],
    )
    _team(doc, s)
    # The team section's own export, when the teams app provides one, is added here.
    _appendix(doc, s)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
