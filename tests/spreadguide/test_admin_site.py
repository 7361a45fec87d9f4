"""The admin site: apps add tool pages by registering them, before the site's catch-all."""

import pytest
from django.contrib import admin
from django.http import HttpResponse
from django.urls import reverse

from spreadguide.admin_site import GuideAdminSite, guide_admin_site
from tests.factories import UserFactory


def _hello(request):
    return HttpResponse("hello")


def test_the_default_admin_site_is_the_guide_site():
    assert isinstance(admin.site, GuideAdminSite)
    assert guide_admin_site() is admin.site


def test_a_registered_tool_comes_before_the_catch_all():
    site = GuideAdminSite(name="tools-test")
    site.register_tool("content/tools/hello/", _hello, name="hello")
    names = [getattr(p, "name", None) for p in site.get_urls()]
    assert names[0] == "hello"


def test_registering_a_name_again_replaces_the_tool():
    site = GuideAdminSite(name="tools-test")
    site.register_tool("one/", _hello, name="hello")
    site.register_tool("two/", _hello, name="hello")
    routes = [str(p.pattern) for p in site.get_urls() if getattr(p, "name", None) == "hello"]
    assert routes == ["two/"]


@pytest.mark.django_db
def test_tools_need_staff(client):
    url = reverse("admin:content_health")
    assert client.get(url).status_code == 302  # to the admin sign-in
    client.force_login(UserFactory(is_staff=False))
    assert client.get(url).status_code == 302
