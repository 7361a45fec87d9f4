"""Markdown: a plain-text document that reads well as it is and converts to anything."""

from __future__ import annotations

import re
from urllib.parse import quote

from ..summary import PlanSummary

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def _text(value: str) -> str:
    """One line of plain text, with Markdown's special characters escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(value.split()))


def _quote(value: str) -> list[str]:
    """A user's note as a block quote, line breaks kept, so it cannot break the structure."""
    return [f"> {_text(line)}" if line.strip() else ">" for line in value.strip().splitlines()]


def _url(url: str) -> str:
    """A link destination that cannot end early: brackets, spaces and the like are %-encoded."""
    return quote(url, safe="/:?#@!$&'*+,;=%~")


def _link(text: str, url: str) -> str:
    return f"[{_text(text)}](<{_url(url)}>)" if url else _text(text)


def _reason(r) -> str:
    return f"{_text(r.text)} ({r.points_text})" if r.points_text else _text(r.text)


def render(summary: PlanSummary) -> bytes:
    """The board paper's sections, in the PDF's order, then the appendix."""
    s = summary
    out: list[str] = [f"# {_text(s.title)}", ""]
    cover = [
        ("Organisation", s.organisation or "Not given"),
        ("Owner", s.owner or "Not given"),
        ("Date", f"{s.date.day} {s.date:%B %Y}"),
        ("Decision sought", s.decision_sought or "Not stated yet"),
    ]
    out += [f"- **{k}:** {_text(v)}" for k, v in cover]
    out.append("")

    out += ["## Recommendation", "", f"**{_text(s.readiness_label)}**", ""]
    out += [f"**{_text(s.headline)} {_text(s.plan_sentence)}**", ""]

    out += ["## The plan on a page", ""]
    for p in s.phases:
        months = p.months + ("" if p.months_set else " (indicative)")
        together = f", {p.together.lower()}" if p.together else ""
        out += [f"### {_text(p.title)}", "", f"{_text(months)}{together}", ""]
        out += [f"- {_text(n)}" for n in p.methods] or ["No methods yet."]
        facts = [
            f"Owner: {_text(p.owner)}." if p.owner else "",
            f"Cost: {_text(p.cost_estimate)}." if p.cost_estimate else "",
            f"Success looks like: {_text(p.success_measure)}" if p.success_measure else "",
        ]
        if any(facts):
            out += ["", " ".join(f for f in facts if f)]
        out.append("")

    out += ["## Resources and risks", ""]
    out += ["| Method | Resources needed | Timeframe |", "| --- | --- | --- |"]
    out += [
        f"| {_text(m.name)} | {_text(m.resources or 'Not recorded')} | "
        f"{_text(m.timeframe or 'Not recorded')} |"
        for m in s.methods
    ]
    out += ["", "### Risks", ""]
    out += [f"- {_text(r)}" for r in s.key_risks]
    out += [f"- **{_text(r.source)}:** {_text(r.text)}" for r in s.risks]
    out += [f"- **{_text(m.name)}:** {_text(m.caveat)}" for m in s.methods if m.caveat]
    out.append("")

    out += ["## Similar programmes and what they achieved", ""]
    for c in s.case_examples[:3]:
        achieved = f": {_text(c.outcomes[0])}" if c.outcomes else "."
        out.append(f"- {_link(c.title, c.url)} ({c.similarity}% similar){achieved}")
    if not s.case_examples:
        out.append("No close case examples.")
    out.append("")

    if s.team:
        t = s.team
        out += ["## The team behind this plan", "", _text(t.sentence), ""]
        out += [
            f"- **{_text(c.question)}:** {_text('; '.join(c.answers))}. {c.effect}"
            + (f" {_text(c.outcome)}" if c.outcome else "")
            for c in t.contested
        ] or ["The team broadly agreed on every question."]
        out.append("")

    out += ["## Appendix", "", f"See this result online: <{s.permalink}>", ""]
    if s.note:
        out += ["### Overall note", "", *_quote(s.note), ""]
    out += ["### Your answers", ""]
    out += [f"- **{_text(a.label)}:** {_text(a.answer)}" for a in s.answers]
    out += [
        "",
        "### Readiness to spread",
        "",
        f"**{_text(s.readiness_label)}.** {_text(s.readiness_advice)}",
        "",
    ]
    if s.robustness:
        out += [_text(s.robustness), ""]

    out += ["### Approaches, best fit first, with the reasons", ""]
    for a in s.approaches:
        same = " (about as good as the best)" if a.equally_good else ""
        out.append(f"{a.rank}. **{_link(a.name, a.url)}**: score {a.score} out of 100{same}")
        out += [f"   - {_reason(r)}" for r in a.reasons]
        out += [f"   - Our assessment of {_text(m.field)}: {_text(m.text)}" for m in a.assessed]
    out.append("")

    out += ["### The methods in the plan", ""]
    if not s.methods:
        out += ["No methods are kept in this plan.", ""]
    for m in s.methods:
        out += [f"#### {m.position}. {_text(m.name)}", ""]
        facts = [
            _text(m.phase),
            f"{_text(m.kind)} in {_text(m.approach)}" if m.approach else "",
            f"score {m.score} out of 100" if m.score is not None else "not scored",
            _text(m.origin_label.lower()),
            f"fills: {_text(m.function)}" if m.function else "",
        ]
        out += ["; ".join(f for f in facts if f), ""]
        if m.role:
            out += [f"Its role: {_text(m.role)}", ""]
        if m.caveat:
            out += [f"Watch out: {_text(m.caveat)}", ""]
        if m.reasons:
            out += [*[f"- {_reason(r)}" for r in m.reasons], ""]
        if m.considerations:
            out += ["Practical considerations:", ""]
            out += [f"- **{_text(c.topic)}:** {_text(c.text)}" for c in m.considerations]
            out.append("")
        if m.assessed:
            out += [f"- Our assessment of {_text(a.field)}: {_text(a.text)}" for a in m.assessed]
            out.append("")
        if m.note:
            out += ["Your note:", "", *_quote(m.note), ""]
        if m.url:
            out += [f"More: <{m.url}>", ""]

    out += ["### Considered and not recommended", ""]
    out += [
        f"- **{_text(n.name)}** ({_text(n.approach)}): {_text(n.sentence)}"
        for n in s.not_recommended
    ]
    if not s.not_recommended:
        out.append("No method was ruled out by a rule for these answers.")
    out += ["", "### Principles to keep in mind", ""]
    out += [f"- **{_link(g.title, g.url)}:** {_text(g.why)}" for g in s.guidance]
    out += ["", "### Sources and credits", "", _text(s.credits), ""]
    for src in s.sources:
        year = f" ({src.year})" if src.year else ""
        out.append(f"- {_link(src.title, src.url)}, {_text(src.publisher)}{year}")
    out += ["", f"Guide content version `{s.content_version}`.", ""]
    return "\n".join(out).encode("utf-8")
