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


def render(summary: PlanSummary) -> bytes:
    s = summary
    out: list[str] = [f"# {_text(s.title)}", ""]
    meta = [("Date", f"{s.date.day} {s.date:%B %Y}")]
    meta += [(k, v) for k, v in (("Organisation", s.organisation), ("Owner", s.owner)) if v]
    out += [f"- **{k}:** {_text(v)}" for k, v in meta]
    out += [
        f"- **Guide content version:** `{s.content_version}`",
        f"- **Permalink:** <{s.permalink}>",
    ]
    out.append("")
    if s.note:
        out += ["## Overall note", "", *_quote(s.note), ""]

    out += ["## Your answers", ""]
    out += [f"- **{_text(a.label)}:** {_text(a.answer)}" for a in s.answers]
    out += ["", "## Readiness to spread", "", f"**{_text(s.readiness_label)}**", ""]
    if s.readiness_advice:
        out += [_text(s.readiness_advice), ""]

    out += ["## Approaches, best fit first", ""]
    for a in s.approaches:
        out.append(f"{a.rank}. **{_link(a.name, a.url)}**: score {a.score} out of 100")
        out += [f"   - {_text(r)}" for r in a.reasons]
    out.append("")

    out += ["## Chosen methods and levers", ""]
    if not s.methods:
        out += ["No methods are kept in this plan.", ""]
    for m in s.methods:
        out += [f"### {m.position}. {_text(m.name)}", ""]
        facts = [
            f"{_text(m.kind.capitalize())} in {_text(m.approach)}" if m.approach else "",
            f"score {m.score} out of 100" if m.score is not None else "added by you",
            f"phase: {_text(m.phase)}",
        ]
        out += ["; ".join(f for f in facts if f), ""]
        if m.role:
            out += [f"Why it is in the combination: {_text(m.role)}", ""]
        if m.reasons:
            out += ["Reasons:", "", *[f"- {_text(r)}" for r in m.reasons], ""]
        if m.considerations:
            out += ["Practical considerations:", ""]
            out += [f"- **{_text(c.topic)}:** {_text(c.text)}" for c in m.considerations]
            out.append("")
        if m.note:
            out += ["Your note:", "", *_quote(m.note), ""]
        if m.url:
            out += [f"More: <{m.url}>", ""]

    out += ["## Phased plan", ""]
    for p in s.phases:
        together = "at the same time" if p.concurrent else "one after another"
        out += [f"### Phase {p.number}: {_text(p.name)}", ""]
        if p.description:
            out += [_text(p.description), ""]
        if p.methods:
            out += [f"Methods ({together}):", "", *[f"- {_text(n)}" for n in p.methods], ""]
        else:
            out += ["No methods in this phase.", ""]

    out += ["## Case examples like yours", ""]
    for c in s.case_examples:
        shared = f" In common: {_text(', '.join(c.shared))}." if c.shared else ""
        out.append(f"- {_link(c.title, c.url)}: {c.similarity}% similar.{shared}")
    if not s.case_examples:
        out.append("No close case examples.")
    out += ["", "## Principles to keep in mind", ""]
    out += [f"- **{_link(g.title, g.url)}:** {_text(g.why)}" for g in s.guidance]
    out += ["", "## Sources and credits", "", _text(s.credits), ""]
    for src in s.sources:
        year = f" ({src.year})" if src.year else ""
        out.append(f"- {_link(src.title, src.url)}, {_text(src.publisher)}{year}")
    out += [
        "",
        "---",
        "",
        f"Made with Spread Guide from guide content version `{s.content_version}`. "
        f"See the result again at <{s.permalink}>.",
        "",
    ]
    return "\n".join(out).encode("utf-8")
