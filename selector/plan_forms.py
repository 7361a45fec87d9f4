"""The plan page's form: details, keep or drop, phase, order and a note per method, additions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django import forms
from django.utils.html import format_html

from content.snapshot import MethodData

from .models import NOTE_MAX_LENGTH, TITLE_MAX_LENGTH, PlanMethod
from .plans import MethodEdit, PlanEdit
from .recommendation import Phase

ORDER_MAX = 999
# Control characters other than tab and line breaks: never meant, and Word files refuse them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _too_long(what: str, limit: int) -> str:
    return f"{what} must be {limit:,} characters or fewer"


VERSION_UNREADABLE = (
    "This page's copy of the plan could not be read, so nothing was saved. Reload the plan "
    "to see it as saved, then make your changes again."
)


class _Text(forms.CharField):
    """Text that keeps what was typed (only control characters removed) and, for long text,
    has no ``maxlength`` attribute: a browser would cut a pasted note short without saying so,
    where the server says clearly that it is too long and gives it all back."""

    def __init__(self, *, what: str, limit: int, textarea: bool = False, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", True)
        super().__init__(
            max_length=limit,
            widget=forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput,
            error_messages={"max_length": _too_long(what, limit) + " (it has %(show_value)d)."},
            **kwargs,
        )
        self.widget.attrs.pop("maxlength", None)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def to_python(self, value):
        return _CONTROL.sub("", cast(str, super().to_python(value)))


@dataclass(frozen=True)
class MethodFields:
    row: PlanMethod
    keep: forms.BoundField
    phase: forms.BoundField
    order: forms.BoundField
    note: forms.BoundField

    @property
    def errors(self) -> list[str]:
        return [*self.phase.errors, *self.order.errors, *self.note.errors]


class PlanForm(forms.Form):
    title = _Text(what="Title", limit=TITLE_MAX_LENGTH, label="Title")
    organisation = _Text(what="Organisation", limit=TITLE_MAX_LENGTH, label="Organisation")
    owner = _Text(
        what="Owner", limit=TITLE_MAX_LENGTH, label="Owner", help_text="Who leads this plan."
    )
    note = _Text(
        what="The overall note",
        limit=NOTE_MAX_LENGTH,
        textarea=True,
        label="Overall note",
        help_text=f"Up to {NOTE_MAX_LENGTH:,} characters.",
    )
    add = forms.MultipleChoiceField(
        required=False,
        label="Add methods or levers",
        help_text="Methods the recommendation did not pick. They are added to the last phase; "
        "you can move them after saving. Hold Ctrl (or Cmd) to choose more than one.",
        error_messages={
            "invalid_choice": "%(value)s is not a method or lever in the guide. "
            "Choose one from the list."
        },
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages=dict.fromkeys(("required", "invalid", "min_value"), VERSION_UNREADABLE),
    )

    def __init__(
        self,
        *args,
        rows: Sequence[PlanMethod],
        phases: Sequence[Phase],
        methods: Sequence[MethodData],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        phase_choices = [(p.when, p.name) for p in phases]
        present = {r.slug for r in self.rows}
        cast(forms.ChoiceField, self.fields["add"]).choices = [
            (m.slug, m.name) for m in methods if m.slug not in present
        ]
        self.fields["add"].widget.attrs["size"] = 8
        for row in self.rows:
            p = f"m-{row.slug}-"
            self.fields[p + "keep"] = forms.BooleanField(
                required=False, label=f"Keep {row.name} in the plan"
            )
            self.fields[p + "phase"] = forms.ChoiceField(
                choices=phase_choices,
                label=f"Phase for {row.name}",
                error_messages={"invalid_choice": f"Choose a phase for {row.name} from the list."},
            )
            self.fields[p + "order"] = forms.IntegerField(
                min_value=0,
                max_value=ORDER_MAX,
                label=f"Order of {row.name} within its phase",
                error_messages={
                    "invalid": f"Order of {row.name} must be a whole number, such as 1 or 2.",
                    "min_value": f"Order of {row.name} must be 0 or more.",
                    "max_value": f"Order of {row.name} must be {ORDER_MAX} or less.",
                    "required": f"Give an order number for {row.name}, such as 1 or 2.",
                },
            )
            self.fields[p + "note"] = _Text(
                what=f"The note on {row.name}",
                limit=NOTE_MAX_LENGTH,
                textarea=True,
                label=f"Your note on {row.name}",
            )
            self.fields[p + "order"].widget.attrs.update({"inputmode": "numeric"})

    @staticmethod
    def initial_for(plan, rows: Sequence[PlanMethod]) -> dict[str, object]:
        initial: dict[str, object] = {
            "title": plan.title,
            "organisation": plan.organisation,
            "owner": plan.owner,
            "note": plan.note,
            "version": plan.version,
        }
        for row in rows:
            p = f"m-{row.slug}-"
            initial.update(
                {p + "keep": row.included, p + "phase": row.phase, p + "order": row.order}
            )
            initial[p + "note"] = row.note
        return initial

    def method_fields(self) -> list[MethodFields]:
        return [
            MethodFields(
                row,
                self[f"m-{row.slug}-keep"],
                self[f"m-{row.slug}-phase"],
                self[f"m-{row.slug}-order"],
                self[f"m-{row.slug}-note"],
            )
            for row in self.rows
        ]

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in page order."""
        out = [("", str(e)) for e in self.non_field_errors()]
        for name, field in self.fields.items():
            if name in self.errors:
                # A hidden field has nothing to link to, but its reason must still be shown.
                field_id = "" if field.widget.is_hidden else self[name].auto_id
                out.extend((field_id, str(e)) for e in self.errors[name])
        return out

    def error_links(self):
        return [
            format_html('<a href="#{}">{}</a>', fid, msg) if fid else msg
            for fid, msg in self.error_list()
        ]

    def to_edit(self) -> PlanEdit:
        data = self.cleaned_data
        return PlanEdit(
            title=data["title"],
            organisation=data["organisation"],
            owner=data["owner"],
            note=data["note"],
            methods=tuple(
                MethodEdit(
                    slug=row.slug,
                    included=data[f"m-{row.slug}-keep"],
                    phase=data[f"m-{row.slug}-phase"],
                    order=data[f"m-{row.slug}-order"],
                    note=data[f"m-{row.slug}-note"],
                )
                for row in self.rows
            ),
            add=tuple(data["add"]),
        )
