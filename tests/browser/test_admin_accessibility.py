"""Every admin page a content editor uses: axe finds no serious or critical problems, and the
method change page runs under the CSP without a blocked inline style."""

from __future__ import annotations

import pytest

from .support import describe_violations
from .test_admin import editor, sign_in  # noqa: F401  (the editor fixture)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("editor")]


def _editor_pages():
    from content import models

    method = models.Method.objects.order_by("pk").first()
    approach = models.Approach.objects.order_by("pk").first()
    case = models.CaseExample.objects.order_by("pk").first()
    term = models.GlossaryTerm.objects.order_by("pk").first()
    source = models.Source.objects.order_by("pk").first()
    principle = models.Principle.objects.order_by("pk").first()
    return {
        "admin index": "/admin/",
        "methods": "/admin/content/method/",
        "method change": f"/admin/content/method/{method.pk}/change/",
        "method add": "/admin/content/method/add/",
        "method history": f"/admin/content/method/{method.pk}/history/",
        "approaches": "/admin/content/approach/",
        "approach change": f"/admin/content/approach/{approach.pk}/change/",
        "case example change": f"/admin/content/caseexample/{case.pk}/change/",
        "glossary term change": f"/admin/content/glossaryterm/{term.pk}/change/",
        "source change": f"/admin/content/source/{source.pk}/change/",
        "principle change": f"/admin/content/principle/{principle.pk}/change/",
        "considerations": "/admin/content/consideration/",
        "guide tools": "/admin/content/tools/",
        "content health": "/admin/content/tools/health/",
        "import": "/admin/content/tools/import/",
        "usage": "/admin/content/tools/usage/",
    }


def test_axe_finds_nothing_serious_on_any_admin_page_an_editor_uses(axe_page, axe_report):
    sign_in(axe_page)
    found = {}
    for name, url in _editor_pages().items():
        response = axe_page.goto(url)
        assert response is not None and response.status == 200, (name, url)
        axe_page.wait_for_load_state("networkidle")
        violations = axe_report.check(axe_page, f"admin: {name}")
        if violations:
            found[name] = describe_violations(violations)
    assert not found, "\n\n".join(f"{name}:\n{text}" for name, text in found.items())


def test_the_method_change_page_logs_no_blocked_inline_style(page, console):
    from content.models import Method

    sign_in(page)
    method = Method.objects.order_by("pk").first()
    console.clear()
    page.goto(f"/admin/content/method/{method.pk}/change/")
    page.wait_for_load_state("networkidle")
    assert console.csp_violations() == []


def test_an_open_autocomplete_list_has_a_named_search_box(axe_page, axe_report):
    sign_in(axe_page)
    axe_page.goto("/admin/content/method/add/")
    axe_page.locator("#id_approach + .select2-container .select2-selection").click()
    search = axe_page.locator(".select2-dropdown .select2-search__field")
    search.wait_for()
    axe_page.wait_for_function(
        "() => document.querySelector('.select2-dropdown .select2-search__field')"
        ".getAttribute('aria-label')"
    )
    assert search.get_attribute("aria-label") == "Search Approach"
    violations = axe_report.check(axe_page, "admin: method add, approach list open")
    assert not violations, describe_violations(violations)


def test_a_new_inline_row_is_labelled_too(axe_page, axe_report):
    from content.models import Method

    sign_in(axe_page)
    method = Method.objects.order_by("pk").first()
    axe_page.goto(f"/admin/content/method/{method.pk}/change/")
    rows = axe_page.locator("#considerations-group tr.form-row:not(.empty-form)")
    before = rows.count()
    axe_page.locator("#considerations-group .add-row a").click()
    assert rows.count() == before + 1
    violations = axe_report.check(axe_page, "admin: method change, new consideration row")
    assert not violations, describe_violations(violations)
