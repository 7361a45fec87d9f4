"""Helpers for the NHS.UK crispy-forms template pack (templates/nhsuk/).

The pack works with plain Django forms and ``{{ form|crispy }}``; these classes add what Django's
own widgets and crispy's layout objects cannot say:

* ``FormHelper``: a helper with the NHS defaults (POST, ``novalidate``, no Bootstrap classes) and
  the pack's switches, ``legend_as_heading``, ``legend_size``, ``legend_caption`` and
  ``error_summary``.
* ``Field``: a layout object that makes one field's legend or label the page's ``<h1>``.
* ``Submit`` and ``Button``: NHS.UK buttons (``css_class="nhsuk-button--secondary"`` for a
  secondary one).
* ``RadioSelect`` and ``CheckboxSelectMultiple``: widgets whose options can carry a hint, a
  divider ("or") before them, and (checkboxes) an exclusive "None of these" behaviour.

Example, one question per page::

    class StageForm(forms.Form):
        stage = forms.ChoiceField(
            label="How far has your intervention got?",
            choices=STAGES,
            widget=RadioSelect(hints={"idea": "Not yet tested anywhere"}),
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper(legend_as_heading=True, legend_caption="Question 1 of 10")
            self.helper.add_input(Submit("continue", "Continue"))

and in the template ``{% include "nhsuk/error_summary.html" with form=form %}`` above
``{% crispy form %}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from crispy_forms import helper as crispy_helper
from crispy_forms import layout as crispy_layout
from crispy_forms.utils import TEMPLATE_PACK
from django import forms


class FormHelper(crispy_helper.FormHelper):
    """A crispy FormHelper with NHS.UK defaults and the pack's switches as keyword arguments."""

    def __init__(
        self,
        form: forms.BaseForm | None = None,
        *,
        legend_as_heading: bool = False,
        legend_size: str = "",
        legend_caption: str = "",
        error_summary: bool = False,
        form_method: str = "post",
        form_action: str = "",
        **attrs: Any,
    ) -> None:
        super().__init__(form)
        self.form_method = form_method
        if form_action:
            self.form_action = form_action
        self.legend_as_heading = legend_as_heading
        self.legend_size = legend_size
        self.legend_caption = legend_caption
        self.error_summary = error_summary
        if attrs:
            self.attrs = {key.replace("_", "-"): value for key, value in attrs.items()}


class Field(crispy_layout.Field):
    """A field whose legend (or label) can be the page heading, with its own size and caption."""

    def __init__(
        self,
        *fields: str,
        legend_as_heading: bool = False,
        legend_size: str = "",
        legend_caption: str = "",
        inline: bool = False,
        small: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*fields, **kwargs)
        self.pack_context = {
            "legend_as_heading": legend_as_heading,
            "legend_size": legend_size,
            "legend_caption": legend_caption,
            "inline": inline,
            "small": small,
        }

    def render(self, form, context, template_pack=TEMPLATE_PACK, extra_context=None, **kwargs):
        extra = dict(extra_context or {})
        extra.update(self.pack_context)
        return super().render(form, context, template_pack, extra_context=extra, **kwargs)


class Submit(crispy_layout.Submit):
    """``<button type="submit" class="nhsuk-button">``; the label is the button's text."""

    field_classes = ""

    def __init__(self, name: str, value: str, *, button_value: str = "", **kwargs: Any) -> None:
        super().__init__(name, value, **kwargs)
        self.button_value = button_value


class Button(crispy_layout.Button):
    """``<button type="button" class="nhsuk-button nhsuk-button--secondary">``."""

    field_classes = "nhsuk-button--secondary"


class _ChoiceExtrasMixin(forms.widgets.ChoiceWidget):
    """Adds ``hint``, ``divider`` and ``exclusive`` to each option for the pack's templates."""

    def __init__(
        self,
        attrs: Mapping[str, Any] | None = None,
        choices: Any = (),
        *,
        hints: Mapping[Any, str] | None = None,
        dividers: Mapping[Any, str] | None = None,
        exclusive: Iterable[Any] = (),
    ) -> None:
        super().__init__(dict(attrs) if attrs is not None else None, choices)
        self.hints = {str(key): value for key, value in (hints or {}).items()}
        self.dividers = {str(key): value for key, value in (dividers or {}).items()}
        self.exclusive = {str(value) for value in exclusive}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(
            name, value, label, selected, index, subindex=subindex, attrs=attrs
        )
        key = str(value)
        option["hint"] = self.hints.get(key, "")
        option["divider"] = self.dividers.get(key, "")
        option["exclusive"] = key in self.exclusive
        return option

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.hints = dict(self.hints)
        copied.dividers = dict(self.dividers)
        copied.exclusive = set(self.exclusive)
        return copied


class RadioSelect(_ChoiceExtrasMixin, forms.RadioSelect):
    """Radios whose options may have hints (``hints={value: text}``) and an "or" divider."""


class CheckboxSelectMultiple(_ChoiceExtrasMixin, forms.CheckboxSelectMultiple):
    """Checkboxes with option hints, dividers and exclusive options (``exclusive=["none"]``)."""


__all__ = [
    "Button",
    "CheckboxSelectMultiple",
    "Field",
    "FormHelper",
    "RadioSelect",
    "Submit",
]
