"""The plan page's form: the plan's details and what a board asks for, each phase's months,
owner, cost and measure, keep or drop, phase, order and a note per method, and additions."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django import forms
from django.http import QueryDict
from django.utils.html import format_html

from content.snapshot import ApproachData, MethodData

from .models import NOTE_MAX_LENGTH, TITLE_MAX_LENGTH, PlanMethod
from .plan_merge import Clash
from .plans import (
    PHASE_FIELDS,
    PLAN_TEXT_FIELDS,
    FieldValue,
    MethodEdit,
    PhaseEdit,
    PlanEdit,
    edit_fields,
    edit_from_fields,
)
from .recommendation import Phase

ORDER_MAX = 999
MONTH_MIN, MONTH_MAX = 1, 120  # a plan of up to ten years, counted from its first month
DECISION_MAX_LENGTH = 1000
BASE_MAX_LENGTH = 200_000
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


@dataclass(frozen=True)
class PhaseFields:
    phase: Phase
    start_month: forms.BoundField
    end_month: forms.BoundField
    owner: forms.BoundField
    cost_estimate: forms.BoundField
    success_measure: forms.BoundField

    @property
    def months_errors(self) -> list[str]:
        return [*self.start_month.errors, *self.end_month.errors]


@dataclass(frozen=True)
class AddGroup:
    """One approach's methods offered for adding, shown as a fieldset of checkboxes."""

    approach: str
    options: tuple[tuple[str, str, str], ...]  # (slug, name, input id)


def _method_prefix(slug: str) -> str:
    return f"m-{slug}-"


def _phase_prefix(when: str) -> str:
    return f"p-{when}-"


def _month(what: str) -> forms.IntegerField:
    rule = f"{what} must be a whole number from {MONTH_MIN} to {MONTH_MAX}"
    field = forms.IntegerField(
        required=False,
        min_value=MONTH_MIN,
        max_value=MONTH_MAX,
        label=what,
        # Text with a numeric keypad, as NHS.UK advises: a number input changes on scroll.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
        error_messages={"invalid": rule, "min_value": rule, "max_value": rule},
    )
    return field


class PlanForm(forms.Form):
    title = _Text(what="Title", limit=TITLE_MAX_LENGTH, label="Title")
    organisation = _Text(what="Organisation", limit=TITLE_MAX_LENGTH, label="Organisation")
    owner = _Text(
        what="Owner", limit=TITLE_MAX_LENGTH, label="Owner", help_text="Who leads this plan."
    )
    decision_sought = _Text(
        what="The decision sought",
        limit=DECISION_MAX_LENGTH,
        textarea=True,
        label="Decision sought",
        help_text="What you are asking the board to decide, in a sentence or two. "
        f"Up to {DECISION_MAX_LENGTH:,} characters.",
    )
    key_risks = _Text(
        what="Key risks",
        limit=NOTE_MAX_LENGTH,
        textarea=True,
        label="Key risks",
        help_text=f"The main risks to the plan, one a line. Up to {NOTE_MAX_LENGTH:,} characters.",
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
        widget=forms.CheckboxSelectMultiple,
        label="Add methods or levers",
        error_messages={
            "invalid_choice": "%(value)s is not a method or lever in the guide. "
            "Choose from the methods listed."
        },
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages=dict.fromkeys(("required", "invalid", "min_value"), VERSION_UNREADABLE),
    )
    # What the form showed when it was loaded, so a save made from a stale page sends only
    # what this person changed (see plans.update_plan).
    base = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    def __init__(
        self,
        *args,
        rows: Sequence[PlanMethod],
        phases: Sequence[Phase],
        methods: Sequence[MethodData],
        approaches: Sequence[ApproachData] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        order = {p.when: i for i, p in enumerate(phases)}
        rows = sorted(rows, key=lambda r: (order.get(r.phase, len(order)), r.order, r.pk or 0))
        if self.is_bound:
            # Only what the page showed: a method added elsewhere since is left alone.
            rows = [r for r in rows if _method_prefix(r.slug) + "phase" in self.data]
            phases = [p for p in phases if _phase_prefix(p.when) + "owner" in self.data]
        self.rows = list(rows)
        self.phases = list(phases)
        for phase in self.phases:
            p, name = _phase_prefix(phase.when), phase.name
            self.fields[p + "start_month"] = _month(f"Start month of {name}")
            self.fields[p + "end_month"] = _month(f"End month of {name}")
            self.fields[p + "owner"] = _Text(
                what=f"The owner of {name}", limit=TITLE_MAX_LENGTH, label=f"Owner of {name}"
            )
            self.fields[p + "cost_estimate"] = _Text(
                what=f"The cost estimate for {name}",
                limit=TITLE_MAX_LENGTH,
                label=f"Cost estimate for {name}",
            )
            self.fields[p + "success_measure"] = _Text(
                what=f"The success measure for {name}",
                limit=NOTE_MAX_LENGTH,
                textarea=True,
                label=f"How you will know {name} has worked",
            )
        phase_choices = [(p.when, p.name) for p in phases]
        for row in self.rows:
            p = _method_prefix(row.slug)
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
        # Every method not in the plan yet, grouped by approach in the guide's order.
        present = {r.slug for r in rows}
        names = {a.slug: a.name for a in approaches}
        offered = [m for m in methods if m.slug not in present]
        cast(forms.ChoiceField, self.fields["add"]).choices = [(m.slug, m.name) for m in offered]
        groups: dict[str, list[tuple[str, str, str]]] = {}
        for method in offered:
            approach = names.get(method.approach, method.approach)
            groups.setdefault(approach, []).append(
                (method.slug, method.name, f"id_add_{method.slug}")
            )
        self.add_groups = [AddGroup(a, tuple(options)) for a, options in groups.items()]
        # Field order is page order, so the error summary lists errors as the page shows them.
        head = ["title", "organisation", "owner", "decision_sought", "key_risks", "note"]
        phase_names = [n for n in self.fields if n.startswith("p-")]
        method_names = [n for n in self.fields if n.startswith("m-")]
        self.order_fields([*head, *phase_names, *method_names, "add", "version", "base"])

    @staticmethod
    def initial_for(edit: PlanEdit, version: int) -> dict[str, object]:
        """The form's values for an edit (what is saved, or a merge of it with yours)."""
        initial: dict[str, object] = {name: getattr(edit, name) for name in PLAN_TEXT_FIELDS}
        initial["version"] = version
        for phase in edit.phases:
            p = _phase_prefix(phase.when)
            initial.update({p + f: getattr(phase, f) for f in PHASE_FIELDS})
        for method in edit.methods:
            p = _method_prefix(method.slug)
            initial.update(
                {
                    p + "keep": method.included,
                    p + "phase": method.phase,
                    p + "order": method.order,
                    p + "note": method.note,
                }
            )
        initial["add"] = list(edit.add)
        return initial

    @classmethod
    def data_for(cls, edit: PlanEdit, *, version: int, base: PlanEdit) -> QueryDict:
        """What the form would post for ``edit``: used to fill it again after a conflict."""
        data = QueryDict(mutable=True)
        for name, value in cls.initial_for(edit, version).items():
            if name == "add":
                data.setlist("add", list(value))  # type: ignore[call-overload]
            elif isinstance(value, bool):
                if value:
                    data[name] = "on"  # an unticked checkbox sends nothing
            else:
                data[name] = "" if value is None else str(value)
        data["base"] = encode_base(base)
        return data

    def clean(self):
        cleaned = super().clean() or {}
        for phase in self.phases:
            p = _phase_prefix(phase.when)
            start, end = cleaned.get(p + "start_month"), cleaned.get(p + "end_month")
            if start is not None and end is not None and end < start:
                self.add_error(
                    p + "end_month",
                    f"End month of {phase.name} must be the same as or after its start month "
                    f"({start})",
                )
        return cleaned

    def phase_fields(self) -> list[PhaseFields]:
        return [
            PhaseFields(
                phase,
                *(self[_phase_prefix(phase.when) + f] for f in PHASE_FIELDS),
            )
            for phase in self.phases
        ]

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

    def add_checked(self) -> set[str]:
        value = self["add"].value() or []
        return {str(v) for v in value}

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in page order."""
        out = [("", str(e)) for e in self.non_field_errors()]
        for name, field in self.fields.items():
            if name in self.errors:
                # A hidden field has nothing to link to, but its reason must still be shown.
                target = "" if field.widget.is_hidden else self[name].auto_id
                if name == "add" and self.add_groups and self.add_groups[0].options:
                    target = self.add_groups[0].options[0][2]
                out.extend((target, str(e)) for e in self.errors[name])
        return out

    def error_links(self):
        return [
            format_html('<a href="#{}">{}</a>', fid, msg) if fid else msg
            for fid, msg in self.error_list()
        ]

    def base_edit(self) -> PlanEdit | None:
        """What the form showed when loaded, or None when it did not say (or said nonsense)."""
        return decode_base(self.cleaned_data.get("base") or "")

    def to_edit(self) -> PlanEdit:
        data = self.cleaned_data
        return PlanEdit(
            **{name: data[name] for name in PLAN_TEXT_FIELDS},
            phases=tuple(
                PhaseEdit(
                    when=phase.when,
                    **{f: data[_phase_prefix(phase.when) + f] for f in PHASE_FIELDS},
                )
                for phase in self.phases
            ),
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


def encode_base(edit: PlanEdit) -> str:
    return json.dumps(edit_fields(edit), separators=(",", ":"), ensure_ascii=False)


def decode_base(text: str) -> PlanEdit | None:
    if not text or len(text) > BASE_MAX_LENGTH:
        return None
    try:
        values = json.loads(text)
    except ValueError:
        return None
    if not isinstance(values, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str | int | bool))
        for k, v in values.items()
    ):
        return None
    try:
        return edit_from_fields(values)
    except TypeError:  # a key naming a field an edit does not have
        return None


# --- Describing a conflict in the form's own words ---------------------------------------


def form_name(key: str) -> str:
    """The form field that shows a merge key (see ``plans.edit_fields``)."""
    kind, _, rest = key.partition(":")
    if kind not in ("phase", "method") or ":" not in rest:
        return key
    name, _, attr = rest.rpartition(":")
    if kind == "phase":
        return _phase_prefix(name) + attr
    return _method_prefix(name) + ("keep" if attr == "included" else attr)


def _shown(form: PlanForm, key: str, value: FieldValue) -> tuple[str, str]:
    """(what, value) as a person reads them on the page."""
    name = form_name(key)
    field = form.fields.get(name)
    label = str(field.label) if field is not None and field.label else key
    if isinstance(value, bool):
        return label, "Kept" if value else "Dropped"
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        names = {str(v): str(text) for v, text in cast(list[tuple[str, str]], field.choices)}
        return label, names.get(str(value), str(value))
    return label, "" if value is None else str(value)


def clash_rows(form: PlanForm, clashes: Sequence[Clash]) -> list[tuple[str, str, str]]:
    """(what, your value, saved value) for each field both versions changed differently."""
    rows = []
    for clash in clashes:
        label, yours = _shown(form, clash.key, clash.yours)
        rows.append((label, yours, _shown(form, clash.key, clash.theirs)[1]))
    return rows


def changed_rows(form: PlanForm, keys: Sequence[str], saved: PlanEdit) -> list[tuple[str, str]]:
    """(what, saved value) for each field only the other version changed."""
    values = edit_fields(saved)
    return [_shown(form, key, values.get(key)) for key in keys]
