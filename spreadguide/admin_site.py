"""The admin site: Django's, plus the pages apps register as tools (no monkeypatching).

An app adds a page beside the model admins with ``guide_admin_site().register_tool(...)`` from its
``admin.py`` (admin modules are imported when Django starts, before any URL is resolved). Each
tool is wrapped in ``admin_view`` (staff only) and checks its own permission.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path


@dataclass(frozen=True)
class Tool:
    route: str  # below /admin/, e.g. "content/tools/health/"
    view: Callable[..., HttpResponse]
    name: str  # reversed as "admin:<name>"


class GuideAdminSite(AdminSite):
    site_header = "Spread Guide administration"
    site_title = "Spread Guide admin"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)
        self._tools: dict[str, Tool] = {}

    def register_tool(self, route: str, view: Callable[..., HttpResponse], *, name: str) -> None:
        """Serve ``view`` at /admin/<route> as ``admin:<name>``; registering a name again
        replaces it (so re-importing an admin module is harmless)."""
        self._tools[name] = Tool(route, view, name)

    def get_urls(self) -> list[URLResolver | URLPattern]:
        # Before the site's own patterns: its catch-all would otherwise answer first.
        tools: list[URLResolver | URLPattern] = [
            path(t.route, self.admin_view(t.view), name=t.name) for t in self._tools.values()
        ]
        return [*tools, *super().get_urls()]

    def render_tool(self, request: HttpRequest, template: str, context: dict) -> TemplateResponse:
        """A tool page with the admin's usual context (site header, navigation, user links)."""
        return TemplateResponse(request, template, {**self.each_context(request), **context})


def guide_admin_site() -> GuideAdminSite:
    """``admin.site`` (Django's lazy default site) as the GuideAdminSite it is configured to be."""
    site = admin.site
    if not isinstance(site, GuideAdminSite):
        raise ImproperlyConfigured(
            "INSTALLED_APPS must name spreadguide.admin_site.GuideAdminConfig."
        )
    return site


class GuideAdminConfig(AdminConfig):
    default_site = "spreadguide.admin_site.GuideAdminSite"
