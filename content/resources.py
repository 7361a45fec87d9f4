"""django-import-export resources: the methods table as CSV or XLSX.

List fields are written as comma-separated values ("local, regional") and read back the same
way; the approach and sources are referred to by slug. Rows are matched by slug, so a row
with a new slug adds a method and never renames one.
"""

from __future__ import annotations

from typing import Any

from import_export import fields, resources, widgets

from . import models
from .fields import ChoiceListField


class ChoiceListWidget(widgets.Widget):
    """A list of choice values as one cell: "testing, spread"."""

    def __init__(self, field: ChoiceListField, **kwargs: Any) -> None:
        self.choice_set = field.choices_of_set
        super().__init__(**kwargs)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[str]:
        if value is None:
            return []
        items = [v.strip() for v in str(value).replace(";", ",").split(",") if v.strip()]
        allowed = list(self.choice_set.values)
        unknown = [v for v in items if v not in allowed]
        if unknown:
            raise ValueError(
                f"Unknown value(s) {', '.join(unknown)}. Choose from: {', '.join(allowed)}."
            )
        return [v for v in allowed if v in items]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return ", ".join(value or [])


def method_resource_fields() -> tuple[str, ...]:
    """The table's columns, in order: identity, text, the field groups on the model, sources."""
    method = models.Method
    return (
        *("slug", "name", "approach", "kind", "status", "order", "our_summary"),
        *method.TEXT_FIELDS,
        *method.FIT_FIELDS,
        *method.TABLE_PHRASES,
        *method.ENGINE_FIELDS,
        "sources",
    )


class MethodResource(resources.ModelResource):
    approach = fields.Field(
        attribute="approach",
        column_name="approach",
        widget=widgets.ForeignKeyWidget(models.Approach, field="slug"),
    )
    sources = fields.Field(
        attribute="sources",
        column_name="sources",
        widget=widgets.ManyToManyWidget(models.Source, field="slug", separator=","),
    )

    class Meta:
        model = models.Method
        import_id_fields = ("slug",)
        fields = method_resource_fields()
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    @classmethod
    def field_from_django_field(
        cls, field_name: str, django_field: Any, readonly: bool
    ) -> fields.Field:
        # Every list field (whichever group declares it) is one comma-separated cell.
        if isinstance(django_field, ChoiceListField):
            return fields.Field(
                attribute=field_name, column_name=field_name, widget=ChoiceListWidget(django_field)
            )
        return super().field_from_django_field(field_name, django_field, readonly)
