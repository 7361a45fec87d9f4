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
        self.choice_set = field.choice_set
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


def _choice_list(name: str) -> fields.Field:
    model_field = models.Method._meta.get_field(name)
    return fields.Field(attribute=name, column_name=name, widget=ChoiceListWidget(model_field))


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
    stages = _choice_list("stages")
    levels = _choice_list("levels")
    audience_sizes = _choice_list("audience_sizes")
    audiences = _choice_list("audiences")
    complexity = _choice_list("complexity")
    functions = _choice_list("functions")
    leads = _choice_list("leads")
    interventions = _choice_list("interventions")

    class Meta:
        model = models.Method
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name",
            "approach",
            "kind",
            "status",
            "order",
            "our_summary",
            "summary",
            "description",
            "examples",
            "stages",
            "levels",
            "audience_sizes",
            "audiences",
            "resources_needed",
            "timeframe",
            "complexity",
            "motivation",
            "energy",
            "cost",
            "capacity",
            "time_to_effect",
            "builds_evidence",
            "evidence_needed",
            "functions",
            "leads",
            "interventions",
            "sources",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
