"""Accessible names for the inputs of tabular inlines in the admin.

A tabular inline names its columns only in the table header, which screen readers and voice
control do not tie to each row's inputs, so every input there had no name of its own.
"""

from __future__ import annotations

from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst


class LabelledInlineFormSet(BaseInlineFormSet):
    """Gives each visible input an ``aria-label`` naming its column and its row."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        noun = self.model._meta.verbose_name if self.model is not None else "row"
        row = f"{noun} {index + 1}" if index is not None else f"new {noun}"
        for name, field in form.fields.items():
            if field.widget.is_hidden:
                continue
            what = "Delete" if name == "DELETE" else capfirst(str(field.label or name))
            field.widget.attrs["aria-label"] = f"{what} ({row})"
