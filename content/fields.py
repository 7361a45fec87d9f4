"""A model field holding a list of values from a fixed set of choices.

Stored as JSON so it works the same on SQLite and PostgreSQL; edited in forms as checkboxes.
"""

from typing import Any

from django import forms
from django.core import checks, exceptions
from django.db import models


class ChoiceListField(models.JSONField):
    description = "A list of values taken from a set of choices"

    def __init__(self, *args: Any, choice_set: type[models.TextChoices] | None = None, **kwargs):
        self.choice_set = choice_set
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    @property
    def choices_of_set(self) -> type[models.TextChoices]:
        """The choice set (checked to be given, see ``check``)."""
        if self.choice_set is None:
            raise TypeError("ChoiceListField needs choice_set.")
        return self.choice_set

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choice_set"] = self.choice_set
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.choice_set is None:
            errors.append(checks.Error("ChoiceListField needs choice_set.", obj=self))
        return errors

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise exceptions.ValidationError("Expected a list of values.", code="invalid")
        allowed = set(self.choices_of_set.values)
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise exceptions.ValidationError(
                "Unknown value(s): %(unknown)s. Choose from: %(allowed)s.",
                code="invalid_choice",
                params={
                    "unknown": ", ".join(map(str, unknown)),
                    "allowed": ", ".join(self.choices_of_set.values),
                },
            )

    def formfield(self, **kwargs):
        defaults: dict[str, Any] = {
            "form_class": ChoiceListFormField,
            "choices": self.choices_of_set.choices,
            "required": not self.blank,
            "label": self.verbose_name.capitalize(),
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("encoder", "decoder", "max_length", "empty_value"):
            defaults.pop(key, None)
        return form_class(**defaults)


class ChoiceListFormField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.choice_order = [value for value, _ in kwargs.get("choices", [])]
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> list[str]:
        cleaned = super().clean(value)
        # Keep the canonical order so saving the same choices never shows as a change.
        return [choice for choice in self.choice_order if choice in cleaned]
