"""The result page's repeated blocks, each rendered in one Python loop.

A cold result page (a never-seen answer set) used to spend most of its time walking some 860
template nodes: a method card, a reasons row or a bar per item. These tags give the same HTML
from the page's view-model (``PlanSummary`` lines) at a fraction of the cost. Parts whose text
depends only on a few content fields (a method's considerations and assessments, a list of
reasons) are kept in small in-process LRUs keyed by exactly those fields, so most of a new page
is already rendered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape as _escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

register = template.Library()


def esc(value: Any) -> str:
    """What autoescaping prints for a value: safe strings as they are, the rest escaped."""
    if value.__class__ is str:  # most of a page's calls: no attribute look-up to fail first
        return _escape(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value))


_CELL = '<td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">'


@lru_cache(maxsize=8192)
def _reason_item(text: str, points_text: str) -> str:
    """One reason with its points; keyed by exactly what it prints."""
    points = f' <span class="nhsuk-u-nowrap">({esc(points_text)})</span>' if points_text else ""
    return f"<li>{esc(text)}{points}</li>"


def _reasons_list(reasons: Iterable[Any]) -> str:
    items = "".join(_reason_item(r.text, r.points_text) for r in reasons)
    return f'<ul class="nhsuk-list nhsuk-list--bullet nhsuk-body-s">{items}</ul>'


@lru_cache(maxsize=1024)
def _method_details(name: str, considerations: tuple[Any, ...], assessed: tuple[Any, ...]) -> str:
    """A method card's considerations table and assessments: content only, no answers."""
    parts = []
    if considerations:
        rows = "".join(
            f'<tr class="nhsuk-table__row" role="row">{_CELL}Topic </span>{esc(item.topic)}</td>'
            f"{_CELL}What to consider </span>{esc(item.text)}</td></tr>"
            for item in considerations
        )
        parts.append(
            '  <table class="nhsuk-table nhsuk-table-responsive sg-considerations" role="table">\n'
            '    <caption class="nhsuk-table__caption nhsuk-u-font-size-16">Practical considerations'
            f" for {esc(name)}</caption>\n"
            '    <thead class="nhsuk-table__head" role="rowgroup"><tr class="nhsuk-table__row" role="row">'
            '<th scope="col" class="nhsuk-table__header" role="columnheader">Topic</th>'
            '<th scope="col" class="nhsuk-table__header" role="columnheader">What to consider</th></tr></thead>\n'
            f'    <tbody class="nhsuk-table__body" role="rowgroup">\n      {rows}\n    </tbody>\n'
            "  </table>\n"
        )
    if assessed:
        # Folded into one disclosure: a card is read for its role and caveat first, and four
        # separate notes on how a rating was reached crowded those out.
        marks = "".join(
            f"<li>{esc(capfirst(mark.field))}: {esc(mark.text)}</li>" for mark in assessed
        )
        notes = "1 note" if len(assessed) == 1 else f"{len(assessed)} notes"
        parts.append(
            '  <details class="nhsuk-details sg-assessed"><summary class="nhsuk-details__summary">'
            '<span class="nhsuk-details__summary-text"><strong class="nhsuk-tag nhsuk-tag--grey">'
            f"Our assessment</strong> {notes} on how we rated it</span></summary>"
            '<div class="nhsuk-details__text"><ul class="nhsuk-list nhsuk-list--bullet '
            f'nhsuk-body-s">{marks}</ul></div></details>\n'
        )
    return "".join(parts)


def _method_card(method: Any) -> str:
    facts = f"{esc(method.phase)} · {esc(capfirst(method.kind))} in {esc(method.approach)}"
    if method.score is not None:
        facts += f" · score {method.score} out of 100"
    if method.function:
        facts += f" · fills: {esc(method.function)}"
    slug = esc(method.slug)
    lines = [
        f'<section class="sg-method" aria-labelledby="method-{slug}">\n',
        f'  <h3 class="nhsuk-heading-s" id="method-{slug}">{method.position}. '
        f'<a href="{esc(method.url)}">{esc(method.name)}</a></h3>\n',
        f'  <p class="nhsuk-body-s sg-method__facts">{facts}</p>\n',
    ]
    if method.role:
        lines.append(
            f'  <p class="nhsuk-body-s"><strong>Its role:</strong> {esc(method.role)}</p>\n'
        )
    if method.caveat:
        lines.append(
            '  <p class="nhsuk-body-s sg-method__caveat"><strong>Watch out:</strong> '
            f"{esc(method.caveat)}</p>\n"
        )
    try:
        details = _method_details(method.name, method.considerations, method.assessed)
    except TypeError:  # a line built with lists is not hashable: render it, uncached
        details = _method_details.__wrapped__(method.name, method.considerations, method.assessed)
    lines.append(details)
    lines.append("</section>\n")
    return "".join(lines)


@register.simple_tag
def method_cards(methods: Sequence[Any]) -> SafeString:
    """The methods in the plan, one card each (or the sentence for none)."""
    if not methods:
        return mark_safe(
            "<p>No method fits these answers well enough to recommend. Look at the approaches "
            "below, or change an answer.</p>\n"
        )
    return mark_safe("".join(_method_card(m) for m in methods))


@register.simple_tag
def approach_reason_rows(approaches: Iterable[Any]) -> SafeString:
    """Rows of the table of approaches: rank and link, score, reasons."""
    return mark_safe(
        "".join(
            _reason_row(
                "Approach",
                f'{a.rank}. <a href="{esc(a.url)}">{esc(a.name)}</a>',
                f"{a.score}{' (about as good as the best)' if a.equally_good else ''}",
                a.reasons,
            )
            for a in approaches
        )
    )


def _reason_row(label: str, first: str, score: object, reasons: Iterable[Any]) -> str:
    """One row of a reasons table: what is scored, its score, and why."""
    return (
        '        <tr class="nhsuk-table__row" role="row">\n'
        f"          {_CELL}{label} </span>{first}</td>\n"
        f"          {_CELL}Score </span>{score}</td>\n"
        f"          {_CELL}Reasons </span>{_reasons_list(reasons)}</td>\n"
        "        </tr>\n"
    )


@register.simple_tag
def method_reason_rows(methods: Iterable[Any]) -> SafeString:
    """Rows of the table of the plan's methods: name, score, reasons."""
    return mark_safe(
        "".join(
            _reason_row(
                "Method", esc(m.name), "Not scored" if m.score is None else m.score, m.reasons
            )
            for m in methods
        )
    )


@register.simple_tag
def approach_bars(approaches: Iterable[Any]) -> SafeString:
    """The bar chart's rows: every approach's score out of 100."""
    rows = []
    for a in approaches:
        note = (
            ' <span class="sg-bars__note">(about as good as the best)</span>'
            if a.equally_good
            else ""
        )
        rows.append(
            '  <li class="sg-bars__row">\n'
            f'    <span class="sg-bars__label"><a href="{esc(a.url)}">{esc(a.name)}</a>{note}</span>\n'
            '    <span class="sg-bars__track" aria-hidden="true"><svg class="sg-bars__svg" '
            'viewBox="0 0 100 1" preserveAspectRatio="none" focusable="false">'
            f'<rect class="sg-bars__fill" width="{a.bar}" height="1"></rect></svg></span>\n'
            f'    <span class="sg-bars__value">{a.score}<span class="nhsuk-u-visually-hidden"> '
            "out of 100</span></span>\n"
            "  </li>\n"
        )
    return mark_safe("".join(rows))


def _optgroup(group: str, options: Iterable[tuple[str, str]]) -> str:
    items = "".join(f'  <option value="{esc(v)}">{esc(label)}</option>\n' for v, label in options)
    return f'  <optgroup label="{esc(group)}">\n{items}  </optgroup>\n'


# One question's group of other answers, by (question, its current answer): the other values of
# a single-answer question do not depend on the rest of the answers, so a few dozen groups
# make every page's select. Bounded: the key space is the vocabulary, but be safe.
_GROUPS: dict[tuple[str, str], str] = {}
_GROUPS_KEEP = 1024


def _what_if_groups(answers: Any) -> str:
    from selector.forms import what_if_choices
    from selector.questions import SINGLE_VALUE_QUESTIONS

    keys = [(q.name, str(getattr(answers, q.name))) for q in SINGLE_VALUE_QUESTIONS]
    groups = [_GROUPS.get(key) for key in keys]
    if None not in groups:
        return "".join(groups)  # type: ignore[arg-type]
    made = [_optgroup(group, options) for group, options in what_if_choices(answers)]
    if len(_GROUPS) + len(keys) > _GROUPS_KEEP:
        _GROUPS.clear()
    _GROUPS.update(zip(keys, made, strict=True))
    return "".join(made)


@register.simple_tag
def what_if_select(answers: Any) -> SafeString:
    """The result page's unbound what-if field, as the form layout renders it, without a
    template round trip per option (a bound form, with its errors, still goes through the form
    layout on the what-if page)."""
    from selector.forms import WhatIfForm

    field = WhatIfForm.base_fields["what_if"]
    return mark_safe(
        '<div class="nhsuk-form-group" id="id_what_if-group">\n'
        f'  <label class="nhsuk-label" for="id_what_if">{esc(field.label)}</label>\n'
        f'  <div class="nhsuk-hint" id="id_what_if-hint">{esc(field.help_text)}</div>\n'
        '<select name="what_if" class="quickselect nhsuk-select" aria-describedby="id_what_if-hint"'
        ' required id="id_what_if">\n'
        '  <option value="" selected>Choose an answer</option>\n'
        f"{_what_if_groups(answers)}</select>\n</div>\n"
    )


@lru_cache(maxsize=1024)
def _answer_row_parts(label: str, answer: str) -> tuple[str, str]:
    """An answer row around its link; keyed by the question's label and the answer's words."""
    head = (
        '  <div class="nhsuk-summary-list__row">\n'
        f'    <dt class="nhsuk-summary-list__key">{esc(label)}</dt>\n'
        f'    <dd class="nhsuk-summary-list__value">{esc(answer)}</dd>\n'
    )
    tail = (
        'hx-target="#maincontent" hx-push-url="true">Change<span class="nhsuk-u-visually-hidden">'
        f" {esc(label.lower())}</span></a></dd>\n"
        "  </div>\n"
    )
    return head, tail


@register.simple_tag
def answer_rows(rows: Iterable[dict[str, str]]) -> SafeString:
    """'Your answers': each answer with its change link (built once per request by the view)."""
    out = []
    for row in rows:
        head, tail = _answer_row_parts(str(row["label"]), str(row["answer"]))
        url = esc(row["change_url"])
        out.append(
            f'{head}    <dd class="nhsuk-summary-list__actions"><a href="{url}" hx-get="{url}" {tail}'
        )
    return mark_safe("".join(out))


@lru_cache(maxsize=1024)
def _hidden_input(name: str, value: str) -> str:
    return f'<input type="hidden" name="{esc(name)}" value="{esc(value)}">'


@register.simple_tag
def hidden_inputs(pairs: Iterable[tuple[str, str]]) -> SafeString:
    """The answers as hidden fields (a GET form drops its action's query string); each pair is
    one of the vocabulary's, so each field is kept as rendered."""
    return mark_safe("".join(_hidden_input(str(name), str(value)) for name, value in pairs))


@lru_cache(maxsize=4096)
def _not_recommended_item(url: str, name: str, approach: str, sentence: str) -> str:
    return f'<li><a href="{esc(url)}">{esc(name)}</a> ({esc(approach)}): {esc(sentence)}</li>'


@register.simple_tag
def not_recommended_items(items: Iterable[Any]) -> SafeString:
    """Methods a rule ruled out, with the rule's sentence; a method and a rule print the same
    on every page, so each is kept as rendered."""
    return mark_safe(
        "".join(_not_recommended_item(i.url, i.name, i.approach, i.sentence) for i in items)
    )


@register.simple_tag
def case_items(cases: Iterable[Any]) -> SafeString:
    """Case examples like the answers, with what they share and achieved."""
    out = []
    for case in cases:
        shared = f". In common: {esc(', '.join(case.shared))}" if case.shared else ""
        outcome = (
            '<p class="nhsuk-body-s nhsuk-u-margin-bottom-1"><strong>What it achieved:</strong> '
            f"{esc(case.outcomes[0])}</p>"
            if case.outcomes
            else ""
        )
        out.append(
            '  <li class="nhsuk-u-margin-bottom-4">\n'
            '    <h3 class="nhsuk-heading-s nhsuk-u-margin-bottom-1">'
            f'<a href="{esc(case.url)}">{esc(case.title)}</a></h3>\n'
            f'    <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">{case.similarity}% similar to your '
            f"situation{shared}.</p>\n"
            f"    {outcome}\n"
            "  </li>\n"
        )
    return mark_safe("".join(out))


PHASE_WEIGHTS = 4  # the widest share a phase takes (static/css/app.css has one class each)


@register.simple_tag
def glance_phases(phases: Iterable[Any]) -> SafeString:
    """The at-a-glance strip: each phase, its months and its methods."""
    out = []
    for phase in phases:
        names = "".join(f"<li>{esc(name)}</li>" for name in phase.methods)
        # A phase with more methods gets more of the strip's width, so a full first phase
        # wraps its names across the row instead of stacking them down the first screen.
        weight = min(max(len(phase.methods), 1), PHASE_WEIGHTS)
        out.append(
            f'\n    <li class="sg-glance__phase sg-glance__phase--{weight}">\n'
            f'      <h3 class="sg-glance__when">{esc(phase.short)} '
            f'<span class="sg-glance__months">{esc(phase.months)}</span></h3>\n'
            f'      <ul class="sg-glance__methods">{names or "<li>No methods yet</li>"}</ul>\n'
            "    </li>\n    "
        )
    return mark_safe("".join(out))


@register.simple_tag
def list_entries(lines: Iterable[Any]) -> SafeString:
    """Plain lines as list items."""
    return mark_safe("".join(f"<li>{esc(line)}</li>" for line in lines))


@register.simple_tag
def guidance_items(items: Iterable[Any]) -> SafeString:
    """'Keep in mind': guidance and principles, with why each matters here."""
    return mark_safe(
        "".join(
            f'  <li class="nhsuk-u-margin-bottom-3"><a href="{esc(i.url)}"><strong>{esc(i.title)}'
            f'</strong></a><br><span class="nhsuk-body-s">{esc(i.why)}</span></li>\n'
            for i in items
        )
    )
