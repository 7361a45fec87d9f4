"""load_guide: upsert by slug in one transaction; broken files change nothing."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from content import models
from content.guide_format import DEFAULT_GUIDE_DIR
from content.guide_loader import GuideFileError, load_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide_dir(tmp_path: Path) -> Path:
    target = tmp_path / "guide"
    shutil.copytree(DEFAULT_GUIDE_DIR, target)
    return target


def _database_state() -> list:
    """Everything the loader writes, as comparable rows."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (
            models.Source,
            models.Approach,
            models.Method,
            models.Consideration,
            models.CaseExample,
            models.CombinationStep,
            models.Principle,
            models.Topic,
            models.GlossaryTerm,
        )
    ]


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_shipped_guide_loads_with_no_changes_the_second_time():
    report = load_guide()

    assert report.is_empty


def test_shipped_guide_has_the_whole_collation():
    assert models.Approach.objects.published().count() == 7
    assert models.Method.objects.published().count() == 34
    per_approach = [a.methods.count() for a in models.Approach.objects.order_by("order")]
    assert per_approach == [5, 7, 2, 3, 8, 5, 4]


def test_every_method_has_a_practical_consideration():
    assert not models.Method.objects.filter(considerations__isnull=True).exists()


def test_case_examples_each_combine_three_or_more_methods():
    cases = models.CaseExample.objects.all()

    assert cases.count() >= 4
    assert all(case.steps.values("method").distinct().count() >= 3 for case in cases)


def test_glossary_has_twenty_or_more_terms():
    assert models.GlossaryTerm.objects.count() >= 20


# Methods renamed after publication keep their first slug, so links and saved plans still work.
KEPT_METHOD_SLUGS = {
    "broad-education-and-personal-development": "Broad education / personal development",
    "tariff-and-payment-system-changes": "Payment system and pricing changes",
}


def test_renamed_methods_keep_their_published_slugs():
    names = dict(
        models.Method.objects.filter(slug__in=KEPT_METHOD_SLUGS).values_list("slug", "name")
    )

    assert names == KEPT_METHOD_SLUGS


def test_slugs_are_django_slugify_of_names():
    from django.utils.text import slugify

    for method in models.Method.objects.exclude(slug__in=KEPT_METHOD_SLUGS):
        assert method.slug == slugify(method.name)
    for case in models.CaseExample.objects.all():
        assert case.slug == slugify(case.title)
    for term in models.GlossaryTerm.objects.all():
        assert term.slug == slugify(term.term)


def test_approach_slugs_are_the_fixed_interface():
    assert list(models.Approach.objects.order_by("order").values_list("slug", flat=True)) == [
        "building-capacity-and-capability",
        "networking-peer-learning-and-collaboration",
        "piloting-and-rolling-out",
        "coordinating-through-large-scale-engagement-and-national-programmes",
        "investing-and-incentivising",
        "governing-and-assuring",
        "identifying-and-communicating-priorities",
    ]


def test_changed_field_is_reported_and_saved(guide_dir):
    path = guide_dir / "approaches" / "03-piloting-and-rolling-out.yaml"
    _edit(path, lambda d: d["methods"][0].update(summary="A new summary."))

    report = load_guide(guide_dir)

    assert [(c.label, c.slug, c.fields) for c in report.changed] == [
        ("method", "demonstrator-sites", ("summary",))
    ]
    assert models.Method.objects.get(slug="demonstrator-sites").summary == "A new summary."


def test_removed_method_is_reported_and_deleted(guide_dir):
    path = guide_dir / "approaches" / "07-identifying-and-communicating-priorities.yaml"
    _edit(path, lambda d: d["methods"].pop())  # nothing in the case examples uses it

    report = load_guide(guide_dir)

    assert [c.slug for c in report.removed] == ["storytelling-awards-and-communication-campaigns"]
    assert not models.Method.objects.filter(
        slug="storytelling-awards-and-communication-campaigns"
    ).exists()


def test_new_glossary_term_is_reported_as_created(guide_dir):
    path = guide_dir / "glossary.yaml"
    _edit(
        path,
        lambda d: d.append(
            {"slug": "readiness", "term": "Readiness", "definition": "Being ready to adopt."}
        ),
    )

    report = load_guide(guide_dir)

    assert [(c.label, c.slug) for c in report.created] == [("glossary term", "readiness")]


def test_changed_consideration_marks_its_method_changed(guide_dir):
    path = guide_dir / "approaches" / "03-piloting-and-rolling-out.yaml"
    _edit(path, lambda d: d["methods"][1]["considerations"][0].update(text="New advice."))

    report = load_guide(guide_dir)

    assert report.changed[0].slug == "rolling-out"
    assert "considerations" in report.changed[0].fields


def test_dry_run_reports_but_changes_nothing(guide_dir):
    path = guide_dir / "approaches" / "03-piloting-and-rolling-out.yaml"
    _edit(path, lambda d: d["methods"][0].update(summary="A new summary."))
    before = _database_state()

    report = load_guide(guide_dir, dry_run=True)

    assert len(report.changed) == 1
    assert _database_state() == before


BROKEN_FILES = {
    "bad YAML": (
        "glossary.yaml",
        lambda p: p.write_text("- slug: adoption\n  term: [unclosed\n"),
        "not valid YAML",
    ),
    "unknown source reference": (
        "approaches/02-networking-peer-learning-and-collaboration.yaml",
        lambda p: _edit(p, lambda d: d["methods"][0].update(sources=["no-such-source"])),
        "method 'network': unknown source 'no-such-source'",
    ),
    "unknown method in a case example": (
        "case-examples/nwas-basic-step.yaml",
        lambda p: _edit(p, lambda d: d["steps"][0].update(method="no-such-method")),
        "case example 'nwas-basic-step' step #1: unknown method 'no-such-method'",
    ),
    "duplicate slug": (
        "approaches/03-piloting-and-rolling-out.yaml",
        lambda p: _edit(p, lambda d: d["methods"][1].update(slug="demonstrator-sites")),
        "duplicate slug 'demonstrator-sites'",
    ),
    "missing field": (
        "approaches/06-governing-and-assuring.yaml",
        lambda p: _edit(p, lambda d: d["methods"][0].pop("energy")),
        "missing field(s): energy",
    ),
    "wrong enum value": (
        "approaches/01-building-capacity-and-capability.yaml",
        lambda p: _edit(p, lambda d: d["methods"][0].update(cost="enormous")),
        "field 'cost'",
    ),
    "wrong value in a list of choices": (
        "approaches/01-building-capacity-and-capability.yaml",
        lambda p: _edit(p, lambda d: d["methods"][0].update(levels=["galactic"])),
        "Unknown value(s): galactic",
    ),
    "unknown field": (
        "principles.yaml",
        lambda p: _edit(p, lambda d: d[0].update(colour="blue")),
        "principle 'complexity': unknown field(s): colour",
    ),
}


@pytest.mark.parametrize("kind", BROKEN_FILES)
def test_broken_file_is_refused_naming_file_and_entry(guide_dir, kind):
    relative, breaker, expected = BROKEN_FILES[kind]
    # Change something valid elsewhere too: it must not be applied either.
    _edit(guide_dir / "topics.yaml", lambda d: d[0].update(summary="Changed."))
    breaker(guide_dir / relative)
    before = _database_state()

    with pytest.raises(GuideFileError) as error:
        load_guide(guide_dir)

    assert relative.split("/")[-1] in str(error.value)
    assert expected in str(error.value)
    assert _database_state() == before


def test_command_prints_what_changed(guide_dir, capsys):
    path = guide_dir / "approaches" / "03-piloting-and-rolling-out.yaml"
    _edit(path, lambda d: d.update(summary="Another summary."))

    call_command("load_guide", str(guide_dir))

    out = capsys.readouterr().out
    assert "changed approach piloting-and-rolling-out (summary)" in out
    assert "0 created, 1 changed, 0 removed" in out


def test_command_refuses_a_broken_file_with_a_message(guide_dir):
    _edit(guide_dir / "principles.yaml", lambda d: d[0].pop("summary"))

    with pytest.raises(CommandError, match=r"principles\.yaml: principle 'complexity'"):
        call_command("load_guide", str(guide_dir))


def test_export_then_load_is_a_no_op(tmp_path):
    call_command("export_guide", str(tmp_path / "export"))

    assert load_guide(tmp_path / "export").is_empty


def test_export_of_the_shipped_guide_matches_the_files(tmp_path):
    call_command("export_guide", str(tmp_path / "export"))

    for path in DEFAULT_GUIDE_DIR.rglob("*.yaml"):
        exported = tmp_path / "export" / path.relative_to(DEFAULT_GUIDE_DIR)
        assert exported.read_text() == path.read_text(), path.name


def test_export_shows_an_admin_edit_as_a_one_line_diff(tmp_path):
    method = models.Method.objects.get(slug="horizon-scanning")
    method.cost = "medium" if method.cost != "medium" else "low"
    method.save()

    call_command("export_guide", str(tmp_path / "export"))

    name = "approaches/07-identifying-and-communicating-priorities.yaml"
    old = (DEFAULT_GUIDE_DIR / name).read_text().splitlines()
    new = (tmp_path / "export" / name).read_text().splitlines()
    assert len([1 for a, b in zip(old, new, strict=True) if a != b]) == 1


def test_drafts_are_exported_with_their_status(tmp_path):
    models.Principle.objects.filter(slug="learning").update(status="draft")

    call_command("export_guide", str(tmp_path / "export"))

    principles = yaml.safe_load((tmp_path / "export" / "principles.yaml").read_text())
    assert next(p for p in principles if p["slug"] == "learning")["status"] == "draft"
