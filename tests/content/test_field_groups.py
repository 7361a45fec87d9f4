"""The method's field groups are declared once, on the model, and every consumer reads them.

Each test moves one real field (``examples``) from the text group into ENGINE_FIELDS, as a new
engine attribute would be added, and checks that the consumer picks it up from that alone.
"""

import pytest

from content import guide_format, models, resources
from content.admin import method_fieldsets, method_form_fields
from content.admin_views import IMPORT_PERMISSIONS
from content.snapshot import MethodData, method_data
from tests.factories import MethodFactory

NEW = "examples"


@pytest.fixture
def new_engine_attribute(monkeypatch):
    method = models.Method
    monkeypatch.setattr(method, "TEXT_FIELDS", tuple(f for f in method.TEXT_FIELDS if f != NEW))
    monkeypatch.setattr(method, "ENGINE_FIELDS", (*method.ENGINE_FIELDS, NEW))


def test_admin_fieldsets_show_it_among_what_the_engine_scores(new_engine_attribute):
    sections = {title: options["fields"] for title, options in method_fieldsets()}
    assert sections["What the engine scores"][-1] == NEW
    assert NEW not in sections["Text"]


def test_admin_form_edits_it(new_engine_attribute):
    assert method_form_fields().count(NEW) == 1


def test_spreadsheet_has_a_column_for_it(new_engine_attribute):
    columns = resources.method_resource_fields()
    last_engine_field = models.Method.ENGINE_FIELDS[-2]  # the one declared before NEW
    assert columns.index(NEW) == columns.index(last_engine_field) + 1


def test_yaml_format_writes_it_after_the_other_engine_attributes(new_engine_attribute):
    spec = guide_format.method_spec()
    last_engine_field = models.Method.ENGINE_FIELDS[-2]  # the one declared before NEW
    assert spec.layout.index(NEW) == spec.layout.index(last_engine_field) + 1
    assert spec.optional[NEW] == ""  # the model lets it be blank


@pytest.mark.django_db
def test_snapshot_carries_it_to_the_engine(new_engine_attribute):
    method = MethodFactory(examples="Used in three trusts.")
    assert method_data(method).examples == "Used in three trusts."


@pytest.mark.django_db
def test_snapshot_types_the_attributes_it_already_knows():
    method = MethodFactory(cost="high", levels=["local", "regional"])
    data = method_data(method)
    assert data.cost == "high" and data.levels == ("local", "regional")
    assert data.extra == {}
    assert {"cost", "levels"} <= set(MethodData.__dataclass_fields__)


def test_shipped_consumers_list_every_declared_field():
    method = models.Method
    declared = {*method.FIT_FIELDS, *method.TABLE_PHRASES, *method.ENGINE_FIELDS}
    assert declared <= set(method_form_fields())
    assert declared <= set(resources.MethodResource._meta.fields)
    assert declared <= set(guide_format.METHOD.layout)


def test_import_permissions_cover_every_guide_model():
    for model in models.GUIDE_MODELS:
        assert f"content.change_{model._meta.model_name}" in IMPORT_PERMISSIONS
