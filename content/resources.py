"""django-import-export resources: the methods table as CSV or XLSX.

List fields are written as comma-separated values ("local, regional") and read back the same
way; the approach and sources are referred to by slug. Rows are matched by slug, so a row
with a new slug adds a method and never renames one.
"""

from __future__ import annotations

from typing import Any

import tablib
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.results import Error

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


class _Refusal(Error):
    """A whole-file problem shown as its message only: no traceback with server paths."""

    traceback = ""


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

    def import_data(self, dataset, *args, **kwargs):
        # Without its id column no row can be matched; say so plainly instead of a traceback.
        missing = [c for c in self._meta.import_id_fields if c not in (dataset.headers or ())]
        if missing:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            message = (
                f"The file has no {', '.join(missing)} column. Each row is matched to a method "
                f"by its slug: export the methods first and edit that file."
            )
            result.append_base_error(_Refusal(ValueError(message)))
            return result
        return super().import_data(dataset, *args, **kwargs)


# ---------------------------------------------------------------- spreadsheet formulas

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: Any) -> Any:
    """Text a spreadsheet shows as text: a leading formula character gets an apostrophe."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def restore_formula(value: Any) -> Any:
    """The value neutralise_formula was given, so an exported table imports back unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _mapped(dataset: tablib.Dataset, function) -> tablib.Dataset:
    out = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        out.append([function(cell) for cell in row])
    return out


class _FormulaSafe(base_formats.TablibFormat):
    """Neutralise every cell on export and undo it on import.

    django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT (also on, for any other
    table) only drops a leading "=", which loses data and leaves "+", "-" and "@" formulas live.
    """

    def export_data(self, dataset, **kwargs):
        return super().export_data(_mapped(dataset, neutralise_formula), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return _mapped(super().create_dataset(in_stream, **kwargs), restore_formula)


class SafeCSV(_FormulaSafe, base_formats.CSV):
    pass


class SafeXLSX(_FormulaSafe, base_formats.XLSX):
    pass
