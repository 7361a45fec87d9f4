"""Forms of the team pages. A member's step is the wizard's own ``StepForm``, with the answer
made optional (members may skip) and a comment added."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from selector.forms import StepForm
from selector.models import TITLE_MAX_LENGTH
from selector.questions import Question

from .models import COMMENT_MAX_LENGTH, NAME_MAX_LENGTH
from .tally import Value


class StartTeamForm(forms.Form):
    title = forms.CharField(
        label="Name this team plan",
        help_text="Members see it when they open the link, for example “Frailty pathway, "
        "north locality”.",
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": "Enter a name for the team plan"},
    )
    closes_on = forms.DateField(
        label="Closing date (optional)",
        help_text="After this day no new answers are taken. For example, 2027-03-31.",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the closing date as a date, for example 2027-03-31"},
    )

    def clean_closes_on(self):
        value = self.cleaned_data.get("closes_on")
        if value and value < timezone.localdate():
            raise forms.ValidationError("The closing date must be today or later")
        return value


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label="Your name (optional)",
        help_text="The lead sees it beside your answers. Leave it empty to take part anonymously.",
        max_length=NAME_MAX_LENGTH,
        required=False,
    )


class MemberStepForm(StepForm):
    """One question for a team member: optional, with a comment."""

    def __init__(self, question: Question, *args: Any, skipping: bool = False, **kwargs: Any):
        super().__init__(question, *args, **kwargs)
        self.skipping = skipping
        self.fields[question.name].required = False
        self.fields["comment"] = forms.CharField(
            label="Comment (optional)",
            help_text="Anything the lead should know about your answer. The lead sees it.",
            max_length=COMMENT_MAX_LENGTH,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        name = self.question.name
        if not self.skipping and not self.question.multiple and not cleaned.get(name):
            self.add_error(
                name, f"Select an option for {self.question.short_label.lower()}, or skip it"
            )
        return cleaned

    @property
    def value(self) -> Value | None:
        value = super().value
        if self.question.multiple:
            return value  # type: ignore[return-value]
        return value or None  # type: ignore[return-value]


class OverrideForm(forms.Form):
    """The lead's own answer for one question, with the reason recorded beside it."""

    answer = forms.ChoiceField(label="Team answer")
    reason = forms.CharField(
        label="Why (shown with the team answer)",
        max_length=COMMENT_MAX_LENGTH,
        error_messages={"required": "Say why you are setting this answer"},
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, question: Question, *args: Any, **kwargs: Any):
        kwargs.setdefault("prefix", f"o-{question.name}")
        super().__init__(*args, **kwargs)
        self.question = question
        if question.multiple:
            self.fields["answer"] = forms.MultipleChoiceField(
                label="Team answer",
                choices=[(o.value, o.label) for o in question.options],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            field = self.fields["answer"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "Choose an answer")] + [
                (o.value, o.label) for o in question.options
            ]
            field.error_messages["required"] = "Choose the team answer"

    @property
    def value(self) -> Value:
        raw = self.cleaned_data["answer"]
        if self.question.multiple:
            return tuple(v for v in self.question.values if v in raw)
        return raw
