"""Content health: each kind of problem is found, and the shipped guide is clean or explained."""

import pytest
from django.urls import reverse

from content import models
from content.choices import Status
from content.health import completeness, glossary, links, registry
from tests.factories import (
    ApproachFactory,
    CaseExampleFactory,
    ConsiderationFactory,
    GlossaryTermFactory,
    MethodFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _items(problems) -> set[str]:
    return {p.item for p in problems}


def _details(problems) -> str:
    return " ".join(p.detail for p in problems)


def test_method_without_considerations_is_listed():
    MethodFactory(name="Lonely method")
    assert "Method: Lonely method" in _items(completeness.missing_considerations())


def test_method_with_a_consideration_is_not_listed():
    method = ConsiderationFactory().method
    assert not any(str(method) in i for i in _items(completeness.missing_considerations()))


def test_method_without_a_function_is_listed_and_the_shipped_guide_has_none():
    assert not completeness.missing_functions()  # every shipped method says which job it does
    MethodFactory(name="Jobless method", functions=[])
    assert "Method: Jobless method" in _items(completeness.missing_functions())


def test_method_without_words_for_its_plan_role_is_listed_and_the_shipped_guide_has_none():
    assert not completeness.missing_plan_roles()
    MethodFactory(name="Wordless method", functions=["connect"], plan_role="")
    assert "Method: Wordless method" in _items(completeness.missing_plan_roles())


def test_method_without_examples_is_listed():
    MethodFactory(name="No examples", examples="")
    assert any("No examples" in i for i in _items(completeness.missing_examples()))


def test_case_example_without_steps_is_listed():
    CaseExampleFactory(title="Empty case")
    assert any("Empty case" in i for i in _items(completeness.missing_examples()))


def test_items_without_sources_are_listed():
    approach = ApproachFactory(name="Unsourced approach")
    MethodFactory(name="Unsourced method", approach=approach)
    CaseExampleFactory(title="Unsourced case")
    GlossaryTermFactory(term="Unsourced term")
    items = " ".join(_items(completeness.missing_sources()))
    for name in ("Unsourced approach", "Unsourced method", "Unsourced case", "Unsourced term"):
        assert name in items


def test_method_covered_by_its_approach_sources_is_not_listed():
    approach = ApproachFactory(name="Sourced approach")
    approach.sources.add(SourceFactory())
    MethodFactory(name="Covered method", approach=approach)
    assert "Covered method" not in " ".join(_items(completeness.missing_sources()))


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("/methods/no-such-method/", "no published method or lever 'no-such-method'"),
        ("/approaches/nowhere/", "no published approach 'nowhere'"),
        ("/case-examples/lost/", "no published case example 'lost'"),
        ("/principles/#missing-principle", "no published principle or topic"),
        ("/about/#source-gone", "no published source 'gone'"),
        ("/no-such-page/", "is not a page of this site"),
    ],
)
def test_broken_internal_links_are_listed(link, expected):
    MethodFactory(name="Linker", description=f"See [this]({link}) for more.")
    problems = [p for p in links.broken_links() if "Linker" in p.item]
    assert expected in _details(problems)


def test_link_to_a_draft_is_broken():
    draft = MethodFactory(status=Status.DRAFT)
    MethodFactory(name="Points at draft", examples=f"[draft](/methods/{draft.slug}/)")
    assert any("Points at draft" in p.item for p in links.broken_links())


def test_broken_link_in_a_consideration_points_to_its_method():
    method = MethodFactory(name="Has bad consideration")
    ConsiderationFactory(method=method, text="[x](/methods/nope/)")
    problems = links.broken_links()
    assert any(
        "Has bad consideration" in p.item and "/admin/content/method/" in p.admin_url
        for p in problems
    )


def test_valid_links_are_not_listed():
    method = models.Method.objects.get(slug="network")
    MethodFactory(
        name="Good links", description=f"[a]({method.get_absolute_url()}) [b](/glossary/#spread)"
    )
    assert not any("Good links" in p.item for p in links.broken_links())


def test_link_to_an_undefined_glossary_term_is_listed():
    MethodFactory(name="Jargon", description="Uses [fidelity drift](/glossary/#fidelity-drift).")
    problems = glossary.undefined_glossary_terms()
    assert any("Jargon" in p.item and "fidelity-drift" in p.detail for p in problems)


def test_term_of_art_used_but_not_defined_is_listed():
    MethodFactory(name="Faithful", description="Keep fidelity to the core model.")
    assert "Term: fidelity" in _items(glossary.undefined_glossary_terms())


def test_abbreviation_never_spelled_out_is_listed():
    MethodFactory(name="Acronyms", description="Run by the XYZQ board.")
    assert "Abbreviation: XYZQ" in _items(glossary.undefined_glossary_terms())


def test_abbreviation_spelled_out_is_not_listed():
    MethodFactory(
        name="Acronyms", description="The Quality Board (QBX) runs it; QBX meets monthly."
    )
    assert "Abbreviation: QBX" not in _items(glossary.undefined_glossary_terms())


def test_shipped_guide_has_no_unexplained_problem():
    checks = registry.run_checks()
    unexplained = [(c.slug, p) for c in checks for p in c.problems if not p.explanation]
    assert unexplained == []


def test_health_page_lists_problems_with_links_to_fix_them(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    method = MethodFactory(name="Needs work", examples="", description="[x](/methods/gone/)")
    response = client.get(reverse("admin:content_health"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Needs work" in html
    assert reverse("admin:content_method_change", args=[method.pk]) in html
    assert "No practical considerations" in html
    assert "/methods/gone/ links to no published method" in html


def test_health_page_for_the_shipped_guide_has_nothing_to_fix(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:content_health"))
    assert response.context["problem_count"] == 0
    assert "No problems to fix." in response.content.decode()
