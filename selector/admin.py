"""Saved plans in the admin (superusers only), and the usage page among the guide tools.

Plans are leaders' own working documents, reached by a private link. Content editors, even with
every model permission, must not see them: each permission check also requires a superuser.
"""

from django.contrib import admin
from django.http import HttpRequest

from spreadguide.admin_site import guide_admin_site

from . import usage_admin
from .models import Plan, PlanMethod

# Beside content's guide tools; its list pages link to it by this name.
guide_admin_site().register_tool("content/tools/usage/", usage_admin.usage, name="content_usage")


class SuperuserOnly:
    def _superuser(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._superuser(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._superuser(request)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False  # plans are made from a result, never by hand

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._superuser(request)


class PlanMethodInline(SuperuserOnly, admin.TabularInline):
    model = PlanMethod
    extra = 0
    fields = ("name", "slug", "recommended", "included", "phase", "order", "note")
    readonly_fields = ("name", "slug", "recommended")


@admin.register(Plan)
class PlanAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("__str__", "organisation", "content_version", "version", "updated_at")
    search_fields = ("title", "organisation", "owner")
    readonly_fields = (
        "key_hash",
        "answers",
        "content_version",
        "recommendation",
        "version",
        "created_at",
        "updated_at",
    )
    fields = ("title", "organisation", "owner", "note", *readonly_fields)
    inlines = [PlanMethodInline]
