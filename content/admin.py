"""Admin for the guide: every content model, with history, drafts, publishing and tools.

Editors (the "Content editor" group) add and change content and publish it; reviewers only
view. Guide tools (import/export, content health, usage) live under /admin/content/tools/.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, TextField, URLField
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from . import admin_views, health, models, services, validation
from .choices import AudienceSize, Complexity, Level, Stage, Status
from .resources import MethodResource

# ---------------------------------------------------------------- list filters


def choice_list_filter(field_name: str, title: str, choice_set) -> type[admin.SimpleListFilter]:
    """Filter on one value of a ChoiceListField (a JSON list).

    Matching happens in Python on the ids, so it behaves the same on SQLite and PostgreSQL.
    """

    class ChoiceListFilter(admin.SimpleListFilter):
        parameter_name = field_name

        def lookups(self, request, model_admin):
            return choice_set.choices

        def queryset(self, request, queryset):
            value = self.value()
            if not value:
                return queryset
            ids = [
                pk
                for pk, values in queryset.model.objects.values_list("pk", field_name)
                if value in (values or [])
            ]
            return queryset.filter(pk__in=ids)

    ChoiceListFilter.title = title
    ChoiceListFilter.__name__ = f"{field_name.title().replace('_', '')}Filter"
    return ChoiceListFilter


# ---------------------------------------------------------------- shared behaviour

# The fieldset for field-level "our assessment" markers, the same on every assessable item.
OUR_ASSESSMENTS = (
    "Our assessments",
    {
        "description": "Values above that are our judgement rather than what the NHS pages "
        'state. Name each field with a one-line reason; the site labels it "our '
        'assessment" beside the value.',
        "fields": ("assessed",),
    },
)


def _with_preview(url: str) -> str:
    path_part, hash_mark, fragment = url.partition("#")
    joiner = "&" if "?" in path_part else "?"
    return f"{path_part}{joiner}preview=1{hash_mark}{fragment}"


class HistoryAdmin(SimpleHistoryAdmin):
    """History with a readable diff of each change, and revert from any earlier version."""

    object_history_list_template = "admin/content/object_history_list.html"
    history_list_display = ["status_at_the_time"]

    def status_at_the_time(self, record) -> str:
        return record.get_status_display() if hasattr(record, "status") else ""

    status_at_the_time.short_description = "Status"


class GuideItemAdmin(HistoryAdmin):
    """Behaviour shared by items with a slug and a status."""

    list_filter = ("status", "our_summary")
    readonly_fields = ("updated_at",)
    actions = ("publish_selected", "unpublish_selected")
    list_per_page = 100

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("status")
        return fields

    def view_on_site(self, obj) -> str:
        url = obj.get_absolute_url()
        return url if obj.is_published else _with_preview(url)

    @admin.display(description="Status", ordering="status")
    def status_label(self, obj) -> str:
        return obj.get_status_display()

    def save_model(self, request, obj, form, change):
        previous = None
        if change and obj.pk:
            previous = type(obj).objects.filter(pk=obj.pk).values("slug", "status").first()
        super().save_model(request, obj, form, change)
        if previous and services.slug_needs_redirect(
            item=obj,
            old_slug=previous["slug"],
            was_published=previous["status"] == Status.PUBLISHED,
        ):
            redirect = services.record_slug_change(item=obj, old_slug=previous["slug"])
            if redirect is not None:
                self.message_user(
                    request,
                    f"The address changed, so the old slug '{redirect.old_slug}' now redirects "
                    f"to '{redirect.new_slug}'.",
                    messages.INFO,
                )

    def _confirm_status_change(self, request, queryset: QuerySet, *, publish: bool):
        verb = "publish" if publish else "unpublish"
        if request.POST.get("confirm") == "yes":
            function = services.publish if publish else services.unpublish
            changed = function(items=list(queryset), user=request.user)
            self.message_user(
                request,
                f"{changed} item(s) {'published' if publish else 'returned to draft'}; "
                f"{queryset.count() - changed} already were.",
                messages.SUCCESS,
            )
            return None
        items = list(queryset)
        return TemplateResponse(
            request,
            "admin/content/confirm_status_change.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Are you sure you want to {verb} these items?",
                "verb": verb,
                "publish": publish,
                "items": items,
                "warnings": services.publish_blockers(items=items) if publish else [],
                "action": f"{verb}_selected",
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
                "select_across": request.POST.get("select_across", "0"),
            },
        )

    @admin.action(description="Publish selected items", permissions=["publish"])
    def publish_selected(self, request, queryset):
        return self._confirm_status_change(request, queryset, publish=True)

    @admin.action(description="Return selected items to draft", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        return self._confirm_status_change(request, queryset, publish=False)


# ---------------------------------------------------------------- sources


@admin.register(models.Source)
class SourceAdmin(GuideItemAdmin):
    list_display = ("title", "publisher", "year", "status", "our_summary", "updated_at")
    list_filter = ("status", "publisher", "our_summary")
    search_fields = ("title", "publisher", "slug", "note")
    prepopulated_fields = {"slug": ("title",)}
    ordering = ("publisher", "title")
    # An address typed without a scheme means https (Django 6's default, chosen now).
    formfield_overrides = {URLField: {"assume_scheme": "https"}}


# ---------------------------------------------------------------- approaches


class MethodInline(admin.TabularInline):
    """The approach's methods, each linking to its own page (edited there)."""

    model = models.Method
    fields = ("name", "kind", "status", "order")
    readonly_fields = ("name", "kind", "status", "order")
    show_change_link = True
    extra = 0
    can_delete = False
    ordering = ("order", "name")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Approach)
class ApproachAdmin(GuideItemAdmin):
    list_display = (
        "name",
        "order",
        "status",
        "method_count",
        "motivation",
        "standardisation",
        "cost",
        "our_summary",
    )
    list_filter = ("status", "motivation", "standardisation", "cost", "our_summary")
    search_fields = ("name", "slug", "summary", "description")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("order", "name")
    inlines = (MethodInline,)
    autocomplete_fields = ("sources",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "status", "order", "our_summary", "updated_at")}),
        ("Text", {"fields": ("summary", "description", "effectiveness", "limitations")}),
        (
            "What the engine reads",
            {"fields": ("standardisation", "motivation", "cost")},
        ),
        OUR_ASSESSMENTS,
        ("Sources", {"fields": ("sources",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(method_count=Count("methods"))

    @admin.display(description="Methods", ordering="method_count")
    def method_count(self, obj) -> int:
        return obj.method_count


# ---------------------------------------------------------------- methods


class MethodAdminForm(forms.ModelForm):
    class Meta:
        model = models.Method
        fields = (
            *("name", "slug", "approach", "kind", "status", "order", "our_summary"),
            *("summary", "description", "examples", "stages", "levels", "audience_sizes"),
            *("audiences", "resources_needed", "timeframe", "complexity", "motivation"),
            *("energy", "cost", "capacity", "time_to_effect", "builds_evidence", "sources"),
            *("evidence_needed", "functions", "leads", "interventions"),
            "assessed",
        )

    def clean(self):
        cleaned = super().clean()
        for field, problems in validation.method_problems(cleaned).items():
            for problem in problems:
                if field in self.fields:
                    self.add_error(field, problem)
                else:
                    self.add_error(None, problem)
        return cleaned


class ConsiderationInline(admin.TabularInline):
    model = models.Consideration
    fields = ("topic", "text", "assessed", "order")
    extra = 0
    ordering = ("order", "pk")
    formfield_overrides = {TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}}


@admin.register(models.Method)
class MethodAdmin(ImportExportModelAdmin, GuideItemAdmin):
    form = MethodAdminForm
    resource_classes = [MethodResource]
    formats = [CSV, XLSX]
    change_form_template = "admin/content/method/change_form.html"
    list_display = (
        "name",
        "approach",
        "kind",
        "status",
        "our_summary",
        "cost",
        "time_to_effect",
        "updated_at",
    )
    list_filter = (
        "status",
        "approach",
        "kind",
        "our_summary",
        choice_list_filter("levels", "system level", Level),
        choice_list_filter("complexity", "suits complexity", Complexity),
        choice_list_filter("audience_sizes", "audience size", AudienceSize),
        choice_list_filter("stages", "stage of development", Stage),
        "motivation",
        "cost",
        "builds_evidence",
    )
    list_select_related = ("approach",)
    search_fields = ("name", "slug", "summary", "description")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("approach__order", "order", "name")
    autocomplete_fields = ("approach", "sources")
    inlines = (ConsiderationInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "approach",
                    "kind",
                    "status",
                    "order",
                    "our_summary",
                    "updated_at",
                )
            },
        ),
        ("Text", {"fields": ("summary", "description", "examples")}),
        (
            "Practical considerations table",
            {
                "fields": (
                    "stages",
                    "levels",
                    "audience_sizes",
                    "audiences",
                    "resources_needed",
                    "timeframe",
                )
            },
        ),
        (
            "What the engine scores",
            {
                "description": "The recommendation engine reads these. Check the engine "
                "preview below before publishing a change.",
                "fields": (
                    "complexity",
                    "motivation",
                    "energy",
                    "cost",
                    "capacity",
                    "time_to_effect",
                    "builds_evidence",
                ),
            },
        ),
        (
            "What the engine's rules and plan composition read",
            {
                "description": "Which methods the engine rules out, and which job each one "
                "does in a plan.",
                "fields": ("evidence_needed", "functions", "leads", "interventions"),
            },
        ),
        OUR_ASSESSMENTS,
        ("Sources", {"fields": ("sources",)}),
    )

    # Importing can add, change and publish methods: it needs an editor's permissions.
    def has_import_permission(self, request) -> bool:
        user = request.user
        return all(
            user.has_perm(p)
            for p in ("content.add_method", "content.change_method", services.PUBLISH_PERMISSION)
        )

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("content.view_method")

    def get_urls(self):
        urls = super().get_urls()
        preview = path(
            "<path:object_id>/engine-preview/",
            self.admin_site.admin_view(self.engine_preview_view),
            name="content_method_engine_preview",
        )
        return [preview, *urls]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            extra_context["engine_preview"] = health.engine_preview(obj)
            extra_context["scenarios"] = health.SCENARIOS
        return super().change_view(request, object_id, form_url, extra_context)

    def engine_preview_view(self, request, object_id):
        """Ranks for the values in the change form, before they are saved (POSTed from it)."""
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        if request.method != "POST":
            return redirect(reverse("admin:content_method_change", args=[obj.pk]))
        previous_slug = obj.slug
        form = self.get_form(request, obj, change=True)(request.POST, instance=obj)
        preview = None
        if form.is_valid():
            unsaved = form.save(commit=False)
            preview = health.engine_preview(unsaved, previous_slug=previous_slug)
        return TemplateResponse(
            request,
            "admin/content/method/engine_preview.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Engine preview of unsaved changes: {obj}",
                "opts": self.model._meta,
                "original": obj,
                "form": form,
                "engine_preview": preview,
                "scenarios": health.SCENARIOS,
            },
        )


# ---------------------------------------------------------------- considerations


@admin.register(models.Consideration)
class ConsiderationAdmin(HistoryAdmin):
    list_display = ("short_text", "method", "topic", "order")
    list_filter = ("topic", "method__approach", "method__status")
    list_select_related = ("method",)
    search_fields = ("text", "method__name")
    autocomplete_fields = ("method",)
    ordering = ("method__approach__order", "method__order", "order")

    @admin.display(description="Consideration")
    def short_text(self, obj) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:88] + "…"

    def view_on_site(self, obj) -> str:
        return GuideItemAdmin.view_on_site(self, obj.method)


# ---------------------------------------------------------------- case examples


class CombinationStepInline(admin.TabularInline):
    model = models.CombinationStep
    fields = ("phase", "phase_name", "method", "concurrent", "what_it_did", "order")
    autocomplete_fields = ("method",)
    extra = 0
    ordering = ("phase", "order", "pk")
    formfield_overrides = {TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 50})}}


@admin.register(models.CaseExample)
class CaseExampleAdmin(GuideItemAdmin):
    list_display = (
        "title",
        "order",
        "status",
        "step_count",
        "complexity",
        "audience_size",
        "funding",
        "our_summary",
    )
    list_filter = (
        "status",
        "complexity",
        choice_list_filter("levels", "system level", Level),
        "audience_size",
        "motivation",
        "funding",
        "sequencing",
        "our_summary",
    )
    search_fields = ("title", "slug", "summary", "description")
    prepopulated_fields = {"slug": ("title",)}
    ordering = ("order", "title")
    inlines = (CombinationStepInline,)
    autocomplete_fields = ("sources",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "order", "our_summary", "updated_at")}),
        ("Text", {"fields": ("summary", "description", "outcomes", "sequencing")}),
        (
            "The situation it worked in",
            {
                "description": "Matched against a leader's answers to suggest similar cases.",
                "fields": (
                    "complexity",
                    "levels",
                    "audience_size",
                    "motivation",
                    "timescale",
                    "funding",
                ),
            },
        ),
        OUR_ASSESSMENTS,
        ("Sources", {"fields": ("sources",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(step_count=Count("steps"))

    @admin.display(description="Steps", ordering="step_count")
    def step_count(self, obj) -> int:
        return obj.step_count


@admin.register(models.CombinationStep)
class CombinationStepAdmin(HistoryAdmin):
    list_display = ("__str__", "case_example", "phase", "phase_name", "method", "concurrent")
    list_filter = ("case_example", "concurrent", "method__approach")
    list_select_related = ("case_example", "method")
    search_fields = ("phase_name", "what_it_did", "method__name", "case_example__title")
    autocomplete_fields = ("case_example", "method")
    ordering = ("case_example__order", "phase", "order")

    def view_on_site(self, obj) -> str:
        return GuideItemAdmin.view_on_site(self, obj.case_example)


# ---------------------------------------------------------------- reference material


@admin.register(models.Principle)
class PrincipleAdmin(GuideItemAdmin):
    list_display = ("name", "order", "status", "our_summary", "updated_at")
    search_fields = ("name", "slug", "summary", "description")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("order", "name")


@admin.register(models.Topic)
class TopicAdmin(GuideItemAdmin):
    list_display = ("title", "order", "status", "our_summary", "updated_at")
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    ordering = ("order", "title")


@admin.register(models.GlossaryTerm)
class GlossaryTermAdmin(GuideItemAdmin):
    list_display = ("term", "slug", "status", "our_summary", "updated_at")
    search_fields = ("term", "slug", "definition")
    prepopulated_fields = {"slug": ("term",)}
    ordering = ("term",)
    autocomplete_fields = ("sources",)


# ---------------------------------------------------------------- redirects and usage


@admin.register(models.SlugRedirect)
class SlugRedirectAdmin(HistoryAdmin):
    list_display = ("old_slug", "new_slug", "kind", "old_address", "created_at")
    list_filter = ("kind",)
    search_fields = ("old_slug", "new_slug")
    ordering = ("kind", "old_slug")
    history_list_display = []

    @admin.display(description="Old address")
    def old_address(self, obj) -> str:
        prefix = {"approach": "approaches", "method": "methods", "case-example": "case-examples"}
        url = f"/{prefix.get(obj.kind, obj.kind)}/{obj.old_slug}/"
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(models.UsageCount)
class UsageCountAdmin(admin.ModelAdmin):
    """Read-only: counts are written only by the result page."""

    list_display = ("date", "dimension", "value", "count")
    list_filter = ("dimension", "date")
    search_fields = ("value",)
    date_hierarchy = "date"
    ordering = ("-date", "dimension", "value")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["usage_chart_url"] = reverse("admin:content_usage")
        return super().changelist_view(request, extra_context)


# ---------------------------------------------------------------- guide tools


def _tool_urls() -> list:
    site = admin.site
    return [
        path(
            "content/tools/",
            site.admin_view(admin_views.tools_index),
            name="content_tools",
        ),
        path(
            "content/tools/export/",
            site.admin_view(admin_views.export_zip),
            name="content_export_guide",
        ),
        path(
            "content/tools/import/",
            site.admin_view(admin_views.import_zip),
            name="content_import_guide",
        ),
        path(
            "content/tools/health/",
            site.admin_view(admin_views.content_health),
            name="content_health",
        ),
        path(
            "content/tools/usage/",
            site.admin_view(admin_views.usage),
            name="content_usage",
        ),
    ]


def _install_tool_urls() -> None:
    """Add the guide tools to the default admin site's URLs (before its catch-all)."""
    original = admin.site.get_urls
    if getattr(original, "with_guide_tools", False):
        return

    def get_urls():
        return _tool_urls() + original()

    get_urls.with_guide_tools = True
    admin.site.get_urls = get_urls


_install_tool_urls()
