"""One small form per wizard step, built from the question's data, and the what-if form.

Both render with ``{{ form|crispy }}`` through the NHS.UK template pack (templates/nhsuk/).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from spreadguide import crispy_nhsuk as nhsuk
from spreadguide.widgets import QuickSelect

from .answer_steps import answer_changes
from .answers import Answers, Query
from .complexity_checklist import DOMAINS, LEVELS
from .questions import QUESTIONS, SINGLE_VALUE_QUESTIONS, Question


class _FirstOptionIdMixin:
    """Give the first option the field's own id (``id_<name>``), as NHS.UK forms do.

    The error summary links to ``#id_<name>``; Django would otherwise number every option
    (``id_<name>_0``) and the link would lead nowhere.
    """

    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        if id_ and index not in ("0", 0, None):
            return f"{id_}_{index}"
        return id_


class NhsRadioSelect(_FirstOptionIdMixin, nhsuk.RadioSelect):
    pass


class NhsCheckboxSelectMultiple(_FirstOptionIdMixin, nhsuk.CheckboxSelectMultiple):
    pass


def option_label(label: str, hint: str) -> str | SafeString:
    """An option's label with its hint inside it.

    The pack's own option hints are not used: their id (``<option id>-hint``) would repeat the
    fieldset hint's id for the first option, whose id must be ``id_<name>`` (the error summary
    links to it), and aria-describedby must point at unique ids.
    """
    if not hint:
        return label
    return format_html(
        '{}<span class="nhsuk-u-display-block nhsuk-u-font-size-16 '
        'nhsuk-u-secondary-text-colour">{}</span>',
        label,
        hint,
    )


def help_html(question: Question) -> SafeString:
    """The question's help, with links to the glossary for the terms it uses."""
    glossary = reverse("content:glossary")
    links = format_html_join(
        ", ",
        '<a href="{}#{}">{}</a>',
        ((glossary, slug, term) for term, slug in question.glossary),
    )
    if question.glossary:
        return format_html("{} In the glossary: {}.", question.help_text, links)
    return format_html("{}", question.help_text)


class StepForm(forms.Form):
    """A single question. The field is named after the question, so the form's data and the
    query string use the same names."""

    # Read by the NHS.UK template pack: the legend is the page's h1, with the progress above it.
    legend_as_heading = True
    legend_size = "l"

    def __init__(self, question: Question, *args: Any, number: int = 1, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.question = question
        self.legend_caption = f"Question {number} of {len(QUESTIONS)}"
        common: dict[str, Any] = {
            "label": question.title,
            "help_text": help_html(question),
            "choices": [(o.value, option_label(o.label, o.hint)) for o in question.options],
            "required": question.required,
        }
        if question.multiple:
            field: forms.Field = forms.MultipleChoiceField(
                widget=NhsCheckboxSelectMultiple(),
                error_messages={"invalid_choice": "Choose only from the options listed."},
                **common,
            )
        else:
            field = forms.ChoiceField(
                widget=NhsRadioSelect(),
                error_messages={
                    "required": question.required_error,
                    "invalid_choice": "Select one of the options listed.",
                },
                **common,
            )
        self.fields[question.name] = field

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        name = self.question.name
        raw = self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name)
        # Radios send one value; more than one means the request was made up by hand.
        if not self.question.multiple and isinstance(raw, list) and len(raw) > 1:
            self.add_error(name, "Select only one answer.")
        return cleaned

    @property
    def value(self) -> object:
        """The clean answer, in the form answers take in the query string."""
        value = self.cleaned_data.get(self.question.name)
        if self.question.multiple:
            # Question order, no repeats, so equal answers give equal links.
            return tuple(v for v in self.question.values if v in (value or ()))
        return value


def what_if_choices(answers: Answers) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every other value of every single-answer question, grouped by question."""
    grouped: dict[str, list[tuple[str, str]]] = {q.name: [] for q in SINGLE_VALUE_QUESTIONS}
    for question, value in answer_changes(answers, nearest=False):
        label = f"{question.short_label}: {question.label_for(value)}"
        grouped[question.name].append((f"{question.name}:{value}", label))
    return [(q.short_label, grouped[q.name]) for q in SINGLE_VALUE_QUESTIONS]


class WhatIfForm(forms.Form):
    """Pick one answer to change; the choice is ``question:value`` so no pair is impossible."""

    what_if = forms.ChoiceField(
        widget=QuickSelect,
        label="Change one answer",
        help_text="See what moves if this answer were different. Your answers stay as they are.",
        error_messages={
            "required": "Choose an answer to change",
            "invalid_choice": "Choose an answer to change from the list",
        },
    )

    def __init__(self, answers: Answers, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.answers = answers
        cast(forms.ChoiceField, self.fields["what_if"]).choices = [
            ("", "Choose an answer"),
            *what_if_choices(answers),
        ]

    def change(self) -> tuple[Question, str]:
        name, value = self.cleaned_data["what_if"].split(":", 1)
        return next(q for q in QUESTIONS if q.name == name), value


def what_if_data(query: Query) -> dict[str, str]:
    """Accept ``what_if=funding:substantial`` (the form) or the two-parameter spelling
    ``what_if_question=funding&what_if_value=substantial`` (hand-made links)."""
    get = query.get
    combined = get("what_if")
    if combined is not None:
        return {"what_if": combined}
    question, value = get("what_if_question"), get("what_if_value")
    if question is None and value is None:
        return {}
    return {"what_if": f"{question or ''}:{value or ''}"}


class ComplexityChecklistForm(forms.Form):
    """The 'Help me decide' checklist: one radio question per NASSS domain."""

    legend_size = "m"

    def __init__(self, *args: object, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for domain in DOMAINS:
            self.fields[domain.name] = forms.ChoiceField(
                label=domain.title,
                choices=[
                    (level, option_label(level.capitalize(), prompt))
                    for level, prompt in zip(LEVELS, domain.prompts, strict=True)
                ],
                widget=NhsRadioSelect(),
                error_messages={"required": f"Choose how {domain.title.lower()} looks"},
            )

    def ratings(self) -> dict[str, str]:
        return {d.name: self.cleaned_data[d.name] for d in DOMAINS}
