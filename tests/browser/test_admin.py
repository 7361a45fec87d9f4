"""The content editor's journey through Django admin in a real browser (issue 5).

An editor (not a superuser, in the "Content editor" group) signs in, edits a method, takes it
back to draft, previews the draft, publishes it again and sees the change on the public page.
"""

from __future__ import annotations

import importlib

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-for-the-editor"


@pytest.fixture
def editor(site):
    """A staff user in the "Content editor" group, as the group's migration defines it.

    Live-server tests are transactional, so the flush after an earlier test removed the rows
    the migration made; the migration's own function puts the group back.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, User

    migration = importlib.import_module("content.migrations.0003_editor_and_reviewer_groups")
    migration.create_groups(apps, None)
    group = Group.objects.get(name=migration.EDITOR)
    user = User.objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


def sign_in(page) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_content_editor_edits_unpublishes_previews_and_publishes_a_method(page, editor):
    from content.models import Method

    method = Method.objects.published().order_by("pk").first()
    public_url = method.get_absolute_url()
    new_summary = "A summary changed by the content editor in the browser test."

    sign_in(page)
    # Edit the method's summary.
    page.goto("/admin/content/method/")
    page.get_by_role("link", name=method.name, exact=True).first.click()
    page.wait_for_url(f"**/admin/content/method/{method.pk}/change/")
    page.locator("#id_summary").fill(new_summary)
    page.locator("input[name='_save']").click()
    page.wait_for_url("**/admin/content/method/")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    # Take it back to draft with the action and its confirmation.
    page.check(f"input[name='_selected_action'][value='{method.pk}']")
    page.select_option("select[name='action']", "unpublish_selected")
    page.locator("button[name='index'], input[name='index']").first.click()
    page.get_by_role("button", name="Yes, unpublish").click()
    assert "returned to draft" in page.locator(".messagelist").inner_text()

    # The public no longer sees it; the editor can preview the draft on the real template.
    public = page.context.browser.new_context(base_url=page.url.split("/admin/")[0])
    anonymous = public.new_page()
    assert anonymous.goto(public_url).status == 404
    page.goto(f"{public_url}?preview=1")
    assert new_summary in page.locator("main").inner_text()

    # Publish it again: the public page shows the new summary.
    page.goto("/admin/content/method/")
    page.check(f"input[name='_selected_action'][value='{method.pk}']")
    page.select_option("select[name='action']", "publish_selected")
    page.locator("button[name='index'], input[name='index']").first.click()
    page.get_by_role("button", name="Yes, publish").click()
    assert "published" in page.locator(".messagelist").inner_text()
    response = anonymous.goto(public_url)
    assert response.status == 200
    assert new_summary in anonymous.locator("main").inner_text()
    public.close()

    # The history lists the change, and the editor cannot manage users.
    page.goto(f"/admin/content/method/{method.pk}/history/")
    assert "editor" in page.locator("#content").inner_text()
    assert page.goto("/admin/auth/user/").status == 403
