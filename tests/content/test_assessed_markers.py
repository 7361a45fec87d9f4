"""Field-level "our assessment" markers: checked, loaded, exported, shown and in the snapshot."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from content import health, models
from content.guide_format import DEFAULT_GUIDE_DIR
from content.guide_loader import GuideFileError, load_guide
from content.snapshot import build_snapshot

pytestmark = pytest.mark.django_db

APPROACH_FILE = "approaches/01-building-capacity-and-capability.yaml"
REASON = "Most of its methods need new money, so we rate it medium."


@pytest.fixture
def guide_dir(tmp_path: Path) -> Path:
    target = tmp_path / "guide"
    shutil.copytree(DEFAULT_GUIDE_DIR, target)
    return target


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _approach() -> models.Approach:
    return models.Approach.objects.get(slug="building-capacity-and-capability")


# ---------------------------------------------------------------- the rule


def test_a_marker_on_a_real_field_with_a_reason_is_valid():
    approach = _approach()
    approach.assessed = {"cost": REASON}

    approach.full_clean()


def test_a_marker_naming_a_missing_field_is_refused():
    approach = _approach()
    approach.assessed = {"price": REASON}

    with pytest.raises(ValidationError, match="'price' is not a field"):
        approach.full_clean()


def test_a_marker_with_an_empty_reason_is_refused():
    approach = _approach()
    approach.assessed = {"cost": "  "}

    with pytest.raises(ValidationError, match="'cost' needs a one-line justification"):
        approach.full_clean()


def test_housekeeping_fields_cannot_be_assessed():
    approach = _approach()
    approach.assessed = {"slug": REASON}

    with pytest.raises(ValidationError, match="'slug' is not a field"):
        approach.full_clean()


def test_a_case_example_may_mark_its_steps():
    case = models.CaseExample.objects.first()
    case.assessed = {"steps": "The order of the steps is our reading."}

    case.full_clean()


def test_a_method_keeps_its_own_checks_beside_the_marker_check():
    method = models.Method.objects.first()
    method.assessed = {"nonsense": REASON}
    method.stages = []

    with pytest.raises(ValidationError) as caught:
        method.full_clean()

    assert {"assessed", "stages"} <= set(caught.value.message_dict)


# ---------------------------------------------------------------- files


def test_a_marker_in_a_file_is_loaded(guide_dir):
    _edit(guide_dir / APPROACH_FILE, lambda d: d.update(assessed={"cost": REASON}))

    load_guide(guide_dir)

    assert _approach().assessed == {"cost": REASON}


def test_a_file_marker_naming_a_missing_field_is_refused_with_its_entry(guide_dir):
    _edit(guide_dir / APPROACH_FILE, lambda d: d.update(assessed={"price": REASON}))

    with pytest.raises(GuideFileError, match=r"approach 'building-capacity-and-capability'.*price"):
        load_guide(guide_dir)


def test_a_consideration_row_marked_as_ours_is_loaded(guide_dir):
    def mark(data):
        data["methods"][0]["considerations"][0]["assessed"] = True

    _edit(guide_dir / APPROACH_FILE, mark)

    load_guide(guide_dir)

    method = models.Method.objects.get(slug="national-skills-and-coaching-development-programmes")
    assert method.considerations.first().assessed is True


def test_a_consideration_marker_must_be_true_or_false(guide_dir):
    def mark(data):
        data["methods"][0]["considerations"][0]["assessed"] = "yes"

    _edit(guide_dir / APPROACH_FILE, mark)

    with pytest.raises(GuideFileError, match="'assessed' must be true or false"):
        load_guide(guide_dir)


def test_export_writes_markers_in_the_field_order_whatever_order_they_were_entered(tmp_path):
    method = models.Method.objects.get(slug="dedicated-resource-provision")
    method.assessed = {"timeframe": "Ours.", "cost": "Ours too."}
    method.save()

    call_command("export_guide", str(tmp_path / "export"))

    data = yaml.safe_load((tmp_path / "export" / APPROACH_FILE).read_text())
    exported = next(m for m in data["methods"] if m["slug"] == method.slug)
    assert list(exported["assessed"]) == ["cost", "timeframe"]


def test_export_then_load_keeps_markers_with_no_changes(tmp_path):
    approach = _approach()
    approach.assessed = {"cost": REASON}
    approach.save()
    consideration = models.Consideration.objects.first()
    consideration.assessed = True
    consideration.save()

    call_command("export_guide", str(tmp_path / "export"))

    assert load_guide(tmp_path / "export").is_empty


# ---------------------------------------------------------------- health, snapshot, pages


def test_content_health_lists_a_marker_naming_a_missing_field():
    # A field renamed after the marker was written: saved without the model's checks.
    models.Approach.objects.filter(pk=_approach().pk).update(assessed={"price": REASON})

    problems = health.invalid_assessments()

    assert [p.item for p in problems] == ["Approach: Building capacity and capability"]
    assert "'price'" in problems[0].detail


def test_content_health_lists_a_marker_with_no_reason():
    models.Approach.objects.filter(pk=_approach().pk).update(assessed={"cost": ""})

    assert "'cost' needs" in health.invalid_assessments()[0].detail


def test_the_shipped_guide_has_no_broken_markers():
    assert health.invalid_assessments() == []


def test_the_snapshot_carries_markers_for_exports():
    approach = _approach()
    approach.assessed = {"cost": REASON}
    approach.save()
    consideration = models.Consideration.objects.filter(method__status="published").first()
    consideration.assessed = True
    consideration.save()

    snapshot = build_snapshot()

    assert snapshot.approach(approach.slug).assessed == {"cost": REASON}
    method = snapshot.method(consideration.method.slug)
    assert any(c.assessed and c.text == consideration.text for c in method.considerations)


def test_the_approach_page_labels_an_assessed_value_with_its_reason():
    approach = _approach()
    approach.assessed = {"cost": REASON}
    approach.save()

    html = Client().get(approach.get_absolute_url()).content.decode()

    typical_cost = html.split("Typical cost", 1)[1].split("</div>", 1)[0]
    assert "Our assessment" in typical_cost
    assert REASON in typical_cost


def test_a_value_without_a_marker_carries_no_label():
    approach = _approach()
    approach.assessed = {"cost": REASON}
    approach.save()

    html = Client().get(approach.get_absolute_url()).content.decode()

    motivation = html.split("Motivation it relies on", 1)[1].split("</div>", 1)[0]
    assert "Our assessment" not in motivation


def test_the_method_page_labels_an_assessed_consideration_row():
    method = models.Method.objects.get(slug="dedicated-resource-provision")
    models.Consideration.objects.filter(method=method).update(assessed=False)
    row = method.considerations.first()
    row.assessed = True
    row.save()

    html = Client().get(method.get_absolute_url()).content.decode()

    considerations = html.split("<h2>Practical considerations</h2>", 1)[1].split("</ul>", 1)[0]
    assert considerations.count("Our assessment") == 1
