import pytest
from django.core.exceptions import ValidationError

from content import models
from content.markdown import markdown_to_text, render_markdown
from content.snapshot import build_snapshot, get_snapshot
from tests.factories import (
    ApproachFactory,
    CaseExampleFactory,
    CombinationStepFactory,
    ConsiderationFactory,
    MethodFactory,
    make_guide,
)

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts(empty_guide):
    ApproachFactory(status="draft")
    shown = ApproachFactory(status="published")

    assert list(models.Approach.objects.published()) == [shown]


def test_choice_list_field_rejects_unknown_values(empty_guide):
    method = MethodFactory.build(approach=ApproachFactory(), levels=["local", "galactic"])

    with pytest.raises(ValidationError) as error:
        method.full_clean()

    assert "galactic" in str(error.value.message_dict["levels"])


def test_method_must_suit_at_least_one_complexity(empty_guide):
    method = MethodFactory.build(approach=ApproachFactory(), complexity=[])

    with pytest.raises(ValidationError) as error:
        method.full_clean()

    assert "complexity" in error.value.message_dict


def test_choice_list_form_field_keeps_canonical_order():
    field = models.Method._meta.get_field("levels").formfield()

    assert field.clean(["national", "local"]) == ["local", "national"]


def test_method_url_uses_its_slug(empty_guide):
    assert MethodFactory(slug="a-method").get_absolute_url() == "/methods/a-method/"


def test_markdown_keeps_formatting_and_drops_script():
    html = render_markdown("**Bold** <script>x()</script> [a](/methods/x/)")

    assert "<strong>Bold</strong>" in html
    assert "<script>" not in html
    assert 'href="/methods/x/"' in html


def test_markdown_to_text_unescapes_entities():
    assert markdown_to_text("Fish & *chips*") == "Fish & chips"


def test_snapshot_holds_only_published_content(empty_guide):
    approach = ApproachFactory()
    MethodFactory(approach=approach, slug="shown")
    MethodFactory(approach=approach, slug="hidden", status="draft")
    MethodFactory(approach=ApproachFactory(status="draft"), slug="under-a-draft-approach")

    snapshot = build_snapshot()

    assert [m.slug for m in snapshot.methods] == ["shown"]


def test_snapshot_drops_case_steps_whose_method_is_a_draft(empty_guide):
    case = CaseExampleFactory()
    CombinationStepFactory(case_example=case, method=MethodFactory(slug="kept"))
    CombinationStepFactory(case_example=case, method=MethodFactory(slug="draft", status="draft"))

    (case_data,) = build_snapshot().case_examples

    assert [s.method for s in case_data.steps] == ["kept"]


def test_snapshot_is_built_in_a_fixed_number_of_queries(empty_guide, django_assert_max_num_queries):
    make_guide(approaches=7, methods_per_approach=30, cases=20)

    with django_assert_max_num_queries(9):
        build_snapshot()


def test_cached_snapshot_costs_one_query(django_assert_num_queries):
    get_snapshot()

    with django_assert_num_queries(1):
        get_snapshot()


def test_saving_content_refreshes_the_snapshot(django_capture_on_commit_callbacks):
    before = get_snapshot()
    method = models.Method.objects.get(slug="network")

    with django_capture_on_commit_callbacks(execute=True):
        method.summary = "Changed."
        method.save()

    after = get_snapshot()
    assert after.method("network").summary == "Changed."
    assert after.version != before.version


def test_many_saves_in_one_transaction_bump_the_revision_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        for consideration in models.Consideration.objects.all()[:5]:
            consideration.save()

    assert len(callbacks) == 1


def test_snapshot_version_is_stable_for_the_same_content():
    assert build_snapshot().version == build_snapshot().version


def test_snapshot_lists_considerations_with_topic_labels(empty_guide):
    ConsiderationFactory(method=MethodFactory(slug="m"), topic="timeframe", text="Allow a year.")

    (consideration,) = build_snapshot().method("m").considerations

    assert consideration.topic_label == "Timeframe"
    assert consideration.text == "Allow a year."
